using System.Text.RegularExpressions;
using KmodForge.Containers;
using KmodForge.Headers;
using KmodForge.Targets;

namespace KmodForge.Pipeline;

/// <summary>
/// Resolves <c>--kernel-release=latest</c> to the newest kernel of a distro version's own repositories, asked in the
/// target's base image through the headers meta package (Debian's <c>linux-headers-amd64</c>, Ubuntu's
/// <c>linux-headers-generic</c>).
/// </summary>
public static partial class KernelReleaseResolver
{
    public static async Task<string> ResolveLatestAsync(IContainerEngine engine, Distribution distribution, Architecture architecture, string baseImage, CancellationToken cancellationToken)
    {
        var meta = distribution.LatestHeadersMetaPackage
            ?? throw new InvalidOperationException($"{distribution.Id} has no headers meta package to resolve the latest kernel from");
        var package = meta(architecture);
        var result = await ContainerQuery.RunAsync(engine, architecture, baseImage,
            $"apt-get update -qq >/dev/null && apt-cache show --no-all-versions {package} | sed -n 's/^Depends: //p'",
            network: null, TimeSpan.FromMinutes(3), cancellationToken).ConfigureAwait(false);

        return result.ExitCode == 0 && ParseDepends(result.StandardOutput) is { } release
            ? release
            : throw new InvalidOperationException(
                $"could not resolve the latest {distribution.Id} kernel: `apt-cache show {package}` in {baseImage} answered exit code {result.ExitCode}: {result.StandardError.Trim()}");
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
