using KmodForge.Containers;
using KmodForge.Targets;

namespace KmodForge.Headers;

/// <summary>
/// Kernel headers from the distribution's apt repositories, asked inside the target's own base image so the answer
/// is the target suite's: Debian's main, -updates, -security and -backports (where the <c>+debNN</c> and <c>~bpoNN</c>
/// kernels live), Ubuntu's release pockets. apt follows the dependencies (Debian's <c>-common</c> and
/// <c>linux-kbuild-*</c>, Ubuntu's flavour common package) itself.
/// </summary>
public sealed class AptHeaderSource(IContainerEngine engine, AptSettings settings, string? network = null) : IHeaderSource
{
    public HeaderSourceKind Kind => HeaderSourceKind.Apt;

    public async Task<HeaderSourceAnswer> ResolveAsync(BuildTarget target, string baseImage, CancellationToken cancellationToken)
    {
        var package = HeadersPackage(target);
        var asked = $"apt-cache show {package} in {baseImage}";
        var script = $"{SourcesSetup(target)}apt-get update -qq >/dev/null && apt-cache show --no-all-versions {package} | sed -n 's/^Version: //p'";
        var result = await ContainerQuery.RunAsync(engine, target.Architecture, baseImage, script, network, settings.QueryTimeout, cancellationToken).ConfigureAwait(false);

        var version = result.StandardOutput.Trim();
        if (result.ExitCode != 0 || version.Length == 0)
        {
            return HeaderSourceAnswer.NotFound(Kind, asked, $"no such package ({ContainerQuery.Why(result)})");
        }

        var install = $"{SourcesSetup(target)}apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends {package} && rm -rf /var/lib/apt/lists/* && test -d {target.Distribution.KernelBuildDirectory(target.KernelRelease)}";
        return HeaderSourceAnswer.Found(new HeaderPlan(Kind, [package], install, $"apt: {package} {version}"), asked);
    }

    /// <summary>The arch-specific headers package of a kernel release; apt pulls its dependencies.</summary>
    public static string HeadersPackage(BuildTarget target) => "linux-headers-" + target.KernelRelease;

    /// <summary>
    /// Shell that makes sure the suites the kernel may live in are enabled (Debian backports), or nothing.
    /// The mirror comes from settings and is validated as an http(s) URL without shell characters.
    /// </summary>
    internal string SourcesSetup(BuildTarget target)
    {
        var extra = settings.ValidatedExtraSources();
        var setup = extra.Count == 0 ? string.Empty : $"printf '%s\\n' {string.Join(' ', extra.Select(l => $"'{l}'"))} > /etc/apt/sources.list.d/kmodforge-extra.list; ";
        if (target.Distribution != DistroRegistry.Debian || target.DistroVersion.Codename is not { } codename)
        {
            return setup;
        }

        var mirror = settings.ValidatedDebianMirror();
        return setup + $"grep -rqs '{codename}-backports' /etc/apt/sources.list /etc/apt/sources.list.d/ || echo 'deb {mirror} {codename}-backports main' > /etc/apt/sources.list.d/kmodforge-backports.list; ";
    }
}
