using System.Text.RegularExpressions;
using KmodForge.Errors;
using KmodForge.Targets;

namespace KmodForge.Kernels.Crawler;

/// <summary>
/// Maps kernel-crawler entries to build targets of supported distributions, through <see cref="DistroRegistry"/>:
/// <list type="bullet">
/// <item>The distribution is the registry entry whose id or os-release id the crawler <c>target</c> is, or starts with
/// (<c>ubuntu-aws</c> → ubuntu, <c>amazonlinux2023</c> → amazonlinux version 2023).</item>
/// <item>The version comes from the target's number, else the release (<c>.fc42</c>, <c>.el9</c>, <c>+deb13</c>, via the
/// registry), else, for Ubuntu, a <c>~22.04</c> backport marker in kernelversion or the header URLs, else the kernel line
/// the release shipped (<see cref="KernelSeries"/>).</item>
/// <item>Debian: the crawler's kernelrelease is <c>&lt;package version&gt;-&lt;flavour&gt;</c> (<c>6.1.119-1-amd64</c>), not
/// uname -r. The real release (<c>6.1.0-28-amd64</c>) is the name of the matching <c>linux-headers-*</c> package in the
/// entry's header URLs.</item>
/// <item>The result is validated by <see cref="TargetValidator"/>; every refusal is counted under a <see cref="SkipReason"/>.</item>
/// </list>
/// </summary>
public sealed partial class CrawlerMapper(Architecture architecture, string driverVersion, SkipSummary skips)
{
    public MatrixKernel? Map(CrawlerEntry entry)
    {
        if (InputRules.KernelRelease(entry.KernelRelease) is { } hostile)
        {
            return Skip(SkipReason.HostileRelease, entry.Target.Length <= 40 ? Printable.Quote(entry.Target) : "(long target)", $"kernelrelease {Printable.Quote(entry.KernelRelease)} {hostile}");
        }

        foreach (var url in entry.Headers)
        {
            if (HeaderUrl.Problem(url) is { } bad)
            {
                return Skip(SkipReason.InvalidHeaderUrl, Printable.Quote(entry.Target), $"{entry.KernelRelease}: header {Printable.Quote(url)} {bad}");
            }
        }

        var (distribution, targetVersion) = FindDistribution(entry.Target);
        if (distribution is null)
        {
            return Skip(SkipReason.UnsupportedDistribution, Printable.Quote(entry.Target), $"{Printable.Quote(entry.Target)} {entry.KernelRelease}");
        }

        var release = entry.KernelRelease;
        if (distribution == DistroRegistry.Debian)
        {
            if (DebianUnameRelease(entry) is not { } uname)
            {
                return Skip(SkipReason.NotDerivable, "debian uname release", $"{entry.KernelRelease}: no linux-headers-<release> URL to read the uname release from");
            }

            release = uname;
        }

        var version = targetVersion ?? distribution.VersionFromRelease(release) ?? OtherVersion(distribution, entry, release);
        if (version is null)
        {
            return Skip(SkipReason.NotDerivable, $"{distribution.Id} kernel {KernelSeries.Line(release)}", $"{distribution.Id} {release}: no distro version in the target, release, kernelversion or headers");
        }

        if (distribution.FindVersion(version) is null)
        {
            return Skip(SkipReason.UnsupportedVersion, $"{distribution.Id} {version}", $"{distribution.Id} {version} {release}");
        }

        var result = TargetValidator.Validate(new BuildRequest(release, architecture.KernelName(), distribution.Id, version, driverVersion));
        if (result.Target is null)
        {
            var first = result.Errors[0];
            return Skip(SkipReason.InvalidTarget, $"{distribution.Id} {version} {first.Field}", first.ToString());
        }

        return new MatrixKernel(result.Target, entry.Headers, KernelSource.KernelCrawler);
    }

    /// <summary>The registry distribution a crawler target names, and the version a trailing number gives (<c>amazonlinux2023</c>).</summary>
    public static (Distribution? Distribution, string? Version) FindDistribution(string target)
    {
        foreach (var distribution in DistroRegistry.All)
        {
            foreach (var name in distribution.OsReleaseIds.Prepend(distribution.Id))
            {
                if (!target.StartsWith(name, StringComparison.Ordinal))
                {
                    continue;
                }

                var rest = target.AsSpan(name.Length);
                if (rest.IsEmpty || rest[0] == '-')
                {
                    return (distribution, null);
                }

                if (rest.ContainsAnyExceptInRange('0', '9') is false)
                {
                    return (distribution, rest.ToString());
                }
            }
        }

        return (null, null);
    }

    private static string? OtherVersion(Distribution distribution, CrawlerEntry entry, string release)
    {
        if (distribution == DistroRegistry.Ubuntu)
        {
            var marker = UbuntuSeriesMarker().Match(entry.KernelVersion);
            for (var i = 0; !marker.Success && i < entry.Headers.Count; i++)
            {
                marker = UbuntuSeriesMarker().Match(entry.Headers[i]);
            }

            return marker.Success ? marker.Groups["v"].Value : KernelSeries.VersionFor("ubuntu", release);
        }

        if (distribution == DistroRegistry.Debian)
        {
            return KernelSeries.VersionFor("debian", release);
        }

        // RPM distributions the registry's pattern does not cover (amzn1, amzn2, el7 on centos): read the marker for the report.
        var rpm = RpmDistMarker().Match(release);
        return rpm.Success ? (distribution == DistroRegistry.CentOS ? "stream" : string.Empty) + rpm.Groups["v"].Value : null;
    }

    /// <summary>
    /// Debian's uname release for a crawler entry: the <c>linux-headers-&lt;release&gt;_&lt;pkgver&gt;_&lt;arch&gt;.deb</c> whose
    /// package version and flavour give the crawler's <c>&lt;pkgver&gt;-&lt;flavour&gt;</c>. A release already in uname form
    /// (<c>6.1.0-28-amd64</c>, <c>6.12.38+deb13-amd64</c>) is kept.
    /// </summary>
    public static string? DebianUnameRelease(CrawlerEntry entry)
    {
        foreach (var url in entry.Headers)
        {
            var file = url[(url.LastIndexOf('/') + 1)..];
            var m = DebianHeadersFile().Match(file);
            if (!m.Success)
            {
                continue;
            }

            var packageVersion = Uri.UnescapeDataString(m.Groups["pkgver"].Value);
            var uname = m.Groups["rel"].Value;
            if (!entry.KernelRelease.StartsWith(packageVersion + "-", StringComparison.Ordinal))
            {
                continue;
            }

            var flavour = entry.KernelRelease[(packageVersion.Length + 1)..];
            if (uname.EndsWith("-" + flavour, StringComparison.Ordinal) && DebianAbi().IsMatch(uname[..^(flavour.Length + 1)]))
            {
                return uname;
            }
        }

        return DebianUnameShape().IsMatch(entry.KernelRelease) ? entry.KernelRelease : null;
    }

    private MatrixKernel? Skip(SkipReason reason, string detail, string example)
    {
        skips.Add(reason, detail, example);
        return null;
    }

    [GeneratedRegex(@"~(?<v>\d{2}\.\d{2})(?:\.\d+)?", RegexOptions.CultureInvariant)]
    private static partial Regex UbuntuSeriesMarker();

    [GeneratedRegex(@"\.(?:el|fc|amzn)(?<v>\d+)(?:_\d+)?\.", RegexOptions.CultureInvariant)]
    private static partial Regex RpmDistMarker();

    [GeneratedRegex(@"^linux-headers-(?<rel>[0-9][^_]*-(?:amd64|arm64)(?:-16k)?)_(?<pkgver>[^_]+)_(?:amd64|arm64)\.deb$", RegexOptions.CultureInvariant)]
    private static partial Regex DebianHeadersFile();

    [GeneratedRegex(@"^\d+\.\d+(?:\.\d+)?(?:-\d+(?:\.deb\d+\.\d+)?|\+[0-9a-z.+]+)$", RegexOptions.CultureInvariant)]
    private static partial Regex DebianAbi();

    [GeneratedRegex(@"^\d+\.\d+\.0-\d+(?:\.deb\d+\.\d+)?-|^\d+\.\d+\.\d+\+(?:deb|bpo)", RegexOptions.CultureInvariant)]
    private static partial Regex DebianUnameShape();
}
