using KmodForge.Errors;
using KmodForge.Targets;

namespace KmodForge.Kernels.Crawler;

/// <summary>
/// Maps kernel-crawler entries to build targets of supported distributions, through <see cref="DistroRegistry"/>:
/// <list type="bullet">
/// <item>The distribution is the registry entry whose id or os-release id the crawler <c>target</c> is, or starts with
/// (<c>ubuntu-aws</c> → ubuntu, <c>amazonlinux2023</c> → amazonlinux version 2023).</item>
/// <item>The release is the entry's, as the distribution reads it (<see cref="Distribution.ReleaseFromKernelList"/>: Debian's
/// crawler kernelrelease is <c>&lt;package version&gt;-&lt;flavour&gt;</c>, and the uname release is read from its header URLs).</item>
/// <item>The version comes from the target's number, else the release (<c>.fc42</c>, <c>.el9</c>, <c>+deb13</c>, via the
/// registry), else what the distribution reads from the entry (<see cref="Distribution.VersionFromKernelList"/>: Ubuntu's
/// <c>~22.04</c> backport marker, the kernel line the release shipped, an unsupported <c>.el7</c>).</item>
/// <item>The result is validated by <see cref="TargetValidator"/>; every refusal is counted under a <see cref="SkipReason"/>.</item>
/// </list>
/// </summary>
/// <param name="distributions">The distributions targets are looked up in (default: <see cref="DistroRegistry.Default"/>).</param>
public sealed class CrawlerMapper(Architecture architecture, string driverVersion, SkipSummary skips, DistroCatalog? distributions = null)
{
    private readonly DistroCatalog distributions = distributions ?? DistroRegistry.Default;

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

        var (distribution, targetVersion) = FindDistribution(entry.Target, distributions);
        if (distribution is null)
        {
            return Skip(SkipReason.UnsupportedDistribution, Printable.Quote(entry.Target), $"{Printable.Quote(entry.Target)} {entry.KernelRelease}");
        }

        var listed = new KernelListEntry(entry.KernelRelease, entry.KernelVersion, entry.Headers);
        if (distribution.ReleaseFromKernelList(listed) is not { } release)
        {
            return Skip(SkipReason.NotDerivable, $"{distribution.Id} uname release", $"{entry.KernelRelease}: no linux-headers-<release> URL to read the uname release from");
        }

        var version = targetVersion ?? distribution.VersionFromRelease(release) ?? distribution.VersionFromKernelList(listed with { KernelRelease = release });
        if (version is null)
        {
            return Skip(SkipReason.NotDerivable, $"{distribution.Id} kernel {KernelSeries.Line(release)}", $"{distribution.Id} {release}: no distro version in the target, release, kernelversion or headers");
        }

        if (distribution.FindVersion(version) is null)
        {
            return Skip(SkipReason.UnsupportedVersion, $"{distribution.Id} {version}", $"{distribution.Id} {version} {release}");
        }

        var result = TargetValidator.Validate(new BuildRequest(release, architecture.KernelName(), distribution.Id, version, driverVersion), distributions: distributions);
        if (result.Target is null)
        {
            var first = result.Errors[0];
            return Skip(SkipReason.InvalidTarget, $"{distribution.Id} {version} {first.Field}", first.ToString());
        }

        return new MatrixKernel(result.Target, entry.Headers, KernelSource.KernelCrawler);
    }

    /// <summary>The registry distribution a crawler target names, and the version a trailing number gives (<c>amazonlinux2023</c>).</summary>
    public static (Distribution? Distribution, string? Version) FindDistribution(string target, DistroCatalog? distributions = null)
    {
        foreach (var distribution in (distributions ?? DistroRegistry.Default).All)
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

    private MatrixKernel? Skip(SkipReason reason, string detail, string example)
    {
        skips.Add(reason, detail, example);
        return null;
    }
}
