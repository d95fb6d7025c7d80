using KmodForge.Containers;
using KmodForge.Targets;

namespace KmodForge.Headers.Rpm;

/// <summary>
/// Amazon Linux 2023's last resort: the kernel-livepatch repository, for kernels whose <c>*-devel</c> package has
/// rolled off the core repository. The repository is enabled (mirror list a setting) and asked for the devel package
/// and for the kernel's livepatch package; the answer says which exist, and a plan using it is marked as the fallback.
/// </summary>
public sealed class LivepatchHeaderSource(IContainerEngine engine, HeaderSourceSettings settings) : IHeaderSource
{
    public HeaderSourceKind Kind => HeaderSourceKind.Livepatch;

    public async Task<HeaderSourceAnswer> ResolveAsync(BuildTarget target, string baseImage, CancellationToken cancellationToken)
    {
        var package = KernelDevelPackage.For(target);
        var (url, isMirrorList) = settings.LivepatchRepoFor(target.Architecture);
        if (string.IsNullOrWhiteSpace(url))
        {
            return HeaderSourceAnswer.NotFound(Kind, $"the kernel-livepatch repository for {package.DnfSpec}", "--livepatch-repo is empty (skipped)");
        }

        var mirrorList = HttpUrls.Require(url, "livepatch-repo");
        var repo = DnfRepoFiles.Setup([("livepatch", mirrorList, isMirrorList)], gpgCheck: true);
        var dist = "." + target.DistroVersion.RpmDist;
        var livepatch = $"kernel-livepatch-{package.Version}-{(package.Release.EndsWith(dist, StringComparison.Ordinal) ? package.Release[..^dist.Length] : package.Release)}";
        var asked = $"dnf repoquery {package.DnfSpec} and {livepatch} in the kernel-livepatch repository ({mirrorList})";
        var result = await ContainerQuery.RunAsync(engine, target.Architecture, baseImage,
            $"{repo}dnf -q --repo=kmodforge-livepatch repoquery --location {package.DnfSpec} {livepatch}'*'",
            settings.Network, TimeSpan.FromMinutes(5), cancellationToken).ConfigureAwait(false);
        if (result.ExitCode != 0)
        {
            return HeaderSourceAnswer.NotFound(Kind, asked, ContainerQuery.Why(result));
        }

        var lines = result.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var devel = lines.FirstOrDefault(l => l.Contains(package.Name + "-", StringComparison.Ordinal));
        var hasLivepatch = lines.Any(l => l.Contains(livepatch, StringComparison.Ordinal));
        if (devel is null)
        {
            return HeaderSourceAnswer.NotFound(Kind, asked, hasLivepatch
                ? $"the repository has {livepatch} but no {package.Name} for this kernel"
                : "no devel or livepatch package for this kernel");
        }

        return HeaderSourceAnswer.Found(new HeaderPlan(Kind, [package.DnfSpec],
            DnfHeaderSource.InstallScript(target, package, repo), $"livepatch fallback: {package.DnfSpec} from {devel}"), asked);
    }
}
