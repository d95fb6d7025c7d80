using KmodForge.Containers;
using KmodForge.Targets;

namespace KmodForge.Headers.Rpm;

/// <summary>
/// kernel-devel from the distribution's dnf repositories (plus any configured extra repositories), asked inside the
/// target's own base image with <c>dnf repoquery</c>; dnf then installs it, checking the repository's checksums.
/// </summary>
public sealed class DnfHeaderSource(IContainerEngine engine, HeaderSourceSettings settings) : IHeaderSource
{
    public HeaderSourceKind Kind => HeaderSourceKind.Dnf;

    public async Task<HeaderSourceAnswer> ResolveAsync(BuildTarget target, string baseImage, CancellationToken cancellationToken)
    {
        var package = KernelDevelPackage.For(target);
        var repos = ExtraRepos();
        var asked = $"dnf repoquery {package.DnfSpec} in {baseImage}" + (settings.DnfExtraRepos.Count > 0 ? $" (+ {string.Join(", ", settings.DnfExtraRepos)})" : string.Empty);
        var result = await ContainerQuery.RunAsync(engine, target.Architecture, baseImage, $"{repos}dnf -q repoquery --location {package.DnfSpec}",
            settings.Network, TimeSpan.FromMinutes(5), cancellationToken).ConfigureAwait(false);
        var location = result.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).FirstOrDefault();
        if (result.ExitCode != 0 || location is null)
        {
            return HeaderSourceAnswer.NotFound(Kind, asked, result.ExitCode != 0 ? ContainerQuery.Why(result) : "no match");
        }

        return HeaderSourceAnswer.Found(new HeaderPlan(Kind, [package.DnfSpec], InstallScript(target, package, repos), $"dnf: {package.DnfSpec} from {location}"), asked);
    }

    internal static string InstallScript(BuildTarget target, KernelDevelPackage package, string repoSetup) =>
        $"{repoSetup}dnf -y install --setopt=install_weak_deps=False {package.DnfSpec} && dnf clean all && test -d {target.Distribution.KernelBuildDirectory(target.KernelRelease)}";

    internal string ExtraRepos() =>
        DnfRepoFiles.Setup(settings.DnfExtraRepos.Select((url, i) => ($"extra{i}", HttpUrls.Require(url, "dnf-extra-repos"), false)), settings.DnfExtraReposGpgCheck);
}
