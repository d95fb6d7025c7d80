using KmodForge.Errors;
using KmodForge.Targets;

namespace KmodForge.Kernels.Crawler;

/// <summary>
/// Maps kernel-crawler entries to build targets of supported distributions, through <see cref="DistroRegistry"/>:
/// <list type="bullet">
/// <item>The distribution is the registry entry whose id or os-release id the crawler <c>target</c> is, or starts with
/// (<c>ubuntu-aws</c> → ubuntu, <c>amazonlinux2023</c> → amazonlinux version 2023).</item>
/// <item>The releases are the entry's, as the distribution reads them (<see cref="Distribution.KernelsFromKernelList"/>: Debian's
/// crawler kernelrelease is <c>&lt;package version&gt;-&lt;flavour&gt;</c> and Ubuntu's can be <c>5.17.0-1003-oem-5.17</c>, so
/// their uname releases are read from the header package names, one kernel per flavour listed there).</item>
/// <item>The version comes from the target's number, else the release (<c>.fc42</c>, <c>.el9</c>, <c>+deb13</c>, via the
/// registry), else what the distribution reads from the entry (<see cref="Distribution.VersionFromKernelList"/>: Ubuntu's
/// <c>~22.04</c> backport marker, Debian's <c>~bpo12+</c>, the kernel line the release shipped, an unsupported <c>.el7</c>).</item>
/// <item>The result is validated by <see cref="TargetValidator"/>; every refusal is counted under a <see cref="SkipReason"/>.</item>
/// </list>
/// </summary>
/// <param name="distributions">The distributions targets are looked up in (default: <see cref="DistroRegistry.Default"/>).</param>
public sealed class CrawlerMapper(Architecture architecture, string driverVersion, SkipSummary skips, DistroCatalog? distributions = null)
{
    private const int MaxCachedTargets = 1024;

    private readonly DistroCatalog distributions = distributions ?? DistroRegistry.Default;

    private readonly Dictionary<string, (Distribution? Distribution, string? Version)> targets = new(StringComparer.Ordinal);

    /// <summary>Kernels beyond the first that entries gave (flavours listed only in their headers).</summary>
    public int ExtraFlavours { get; private set; }

    /// <summary>The kernels an entry stands for (one per flavour its headers list); empty, and counted, when skipped.</summary>
    public IReadOnlyList<MatrixKernel> Map(CrawlerEntry entry)
    {
        if (InputRules.KernelRelease(entry.KernelRelease) is { } hostile)
        {
            return Skip(SkipReason.HostileRelease, entry.Target.Length <= 40 ? Printable.Quote(entry.Target) : "(long target)", $"kernelrelease {Printable.Quote(entry.KernelRelease)} {hostile}");
        }

        // By index: a foreach over the interface would allocate an enumerator per entry.
        for (var i = 0; i < entry.Headers.Count; i++)
        {
            var url = entry.Headers[i];
            if (HeaderUrl.Problem(url) is { } bad)
            {
                return Skip(SkipReason.InvalidHeaderUrl, Printable.Quote(entry.Target), $"{entry.KernelRelease}: header {Printable.Quote(url)} {bad}");
            }
        }

        if (!targets.TryGetValue(entry.Target, out var found))
        {
            // A crawler file has a few dozen targets over thousands of entries: each is looked up once.
            found = FindDistribution(entry.Target, distributions);
            if (targets.Count < MaxCachedTargets)
            {
                targets[entry.Target] = found;
            }
        }

        var (distribution, targetVersion) = found;
        if (distribution is null)
        {
            return Skip(SkipReason.UnsupportedDistribution, Printable.Quote(entry.Target), $"{Printable.Quote(entry.Target)} {entry.KernelRelease}");
        }

        var flavours = distribution.KernelsFromKernelList(new KernelListEntry(entry.KernelRelease, entry.KernelVersion, entry.Headers), architecture);
        if (flavours.Count == 0)
        {
            return Skip(SkipReason.NotDerivable, $"{distribution.Id} uname release", $"{entry.KernelRelease}: not a uname -r, and no linux-headers-<release> URL to read one from");
        }

        ExtraFlavours += flavours.Count - 1;
        var kernels = new List<MatrixKernel>(flavours.Count);
        foreach (var flavour in flavours)
        {
            if (MapFlavour(distribution, targetVersion, flavour) is { } kernel)
            {
                kernels.Add(kernel);
            }
        }

        return kernels;
    }

    private MatrixKernel? MapFlavour(Distribution distribution, string? targetVersion, KernelListEntry listed)
    {
        var release = listed.KernelRelease;
        var version = targetVersion ?? distribution.VersionFromRelease(release) ?? distribution.VersionFromKernelList(listed);
        if (version is null)
        {
            SkipOne(SkipReason.NotDerivable, $"{distribution.Id} kernel {KernelSeries.Line(release)}", $"{distribution.Id} {release}: no distro version in the target, release, kernelversion or headers");
            return null;
        }

        if (distribution.FindVersion(version) is null)
        {
            SkipOne(SkipReason.UnsupportedVersion, $"{distribution.Id} {version}", $"{distribution.Id} {version} {release}");
            return null;
        }

        var result = TargetValidator.Validate(new BuildRequest(release, architecture.KernelName(), distribution.Id, version, driverVersion), distributions: distributions);
        if (result.Target is null)
        {
            var first = result.Errors[0];
            SkipOne(SkipReason.InvalidTarget, $"{distribution.Id} {version} {first.Field}", first.ToString());
            return null;
        }

        return new MatrixKernel(result.Target, listed.HeaderUrls, KernelSource.KernelCrawler);
    }

    /// <summary>The registry distribution a crawler target names, and the version a trailing number gives (<c>amazonlinux2023</c>).</summary>
    public static (Distribution? Distribution, string? Version) FindDistribution(string target, DistroCatalog? distributions = null)
    {
        foreach (var distribution in (distributions ?? DistroRegistry.Default).All)
        {
            for (var i = -1; i < distribution.OsReleaseIds.Count; i++)
            {
                var name = i < 0 ? distribution.Id : distribution.OsReleaseIds[i];
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

    private IReadOnlyList<MatrixKernel> Skip(SkipReason reason, string detail, string example)
    {
        SkipOne(reason, detail, example);
        return [];
    }

    private void SkipOne(SkipReason reason, string detail, string example) => skips.Add(reason, detail, example);
}
