using System.Text.RegularExpressions;
using KmodForge.Containers;
using KmodForge.Headers;
using KmodForge.Targets;

namespace KmodForge.Pipeline;

/// <summary>
/// Resolves <c>--kernel-release=latest</c> to the newest kernel of a distro version's own repositories, asked in the
/// target's base image through the headers meta package (Debian's <c>linux-headers-amd64</c>, Ubuntu's
/// <c>linux-headers-generic</c>); <c>latest-backports</c> prefers the Debian version's backports suite.
/// </summary>
public static partial class KernelReleaseResolver
{
    /// <param name="engine">The container engine.</param>
    /// <param name="target">A stand-in target of the distro version and architecture (its release is not used).</param>
    /// <param name="baseImage">The target's base image.</param>
    /// <param name="apt">The apt source: its suites setup (Debian backports, extra sources) and network are the header query's.</param>
    /// <param name="suite">Null for the distro version's own newest kernel; a suite (<c>bookworm-backports</c>) to prefer that suite's.</param>
    /// <param name="cancellationToken">Cancels the query.</param>
    public static async Task<string> ResolveLatestAsync(IContainerEngine engine, BuildTarget target, string baseImage, AptHeaderSource apt, string? suite, CancellationToken cancellationToken)
    {
        var meta = target.Distribution.LatestHeadersMetaPackage
            ?? throw new InvalidOperationException($"{target.Distribution.Id} has no headers meta package to resolve the latest kernel from");
        var package = meta(target.Architecture);
        var prefer = suite is null ? string.Empty : $" -o APT::Default-Release={suite}";
        var result = await ContainerQuery.RunAsync(engine, target.Architecture, baseImage,
            $"{apt.SourcesSetup(target)}apt-get update -qq >/dev/null && apt-cache show --no-all-versions{prefer} {package} | sed -n 's/^Depends: //p'",
            apt.Network, TimeSpan.FromMinutes(3), cancellationToken).ConfigureAwait(false);

        return result.ExitCode == 0 && ParseDepends(result.StandardOutput) is { } release
            ? release
            : throw new InvalidOperationException(
                $"could not resolve the latest {target.Distribution.Id} kernel{(suite is null ? string.Empty : " of " + suite)}: `apt-cache show {package}` in {baseImage} answered exit code {result.ExitCode}: {result.StandardError.Trim()}");
    }

    /// <summary>The kernel release in a meta package's Depends line: <c>linux-headers-6.1.0-41-amd64 (= 6.1.158-1)</c>.</summary>
    public static string? ParseDepends(string depends)
    {
        var m = HeadersDependency().Match(depends);
        return m.Success && InputRules.KernelRelease(m.Groups["release"].Value) is null ? m.Groups["release"].Value : null;
    }

    [GeneratedRegex(@"linux-headers-(?<release>\d[A-Za-z0-9._+~-]*)", RegexOptions.CultureInvariant)]
    private static partial Regex HeadersDependency();
}
