using KmodForge.GitHub;
using KmodForge.Kernels;
using KmodForge.Naming;
using KmodForge.Publishing;
using KmodForge.Targets;

namespace KmodForge.Coverage;

/// <summary>
/// Decides every kernel × driver version: the kernels of a kernel list (published, failed or not applicable from the
/// last matrix run's results, not applicable when the registry rejects the entry, else missing), plus every other
/// package of the driver the release store holds (built for a kernel the list does not name: crawled, or on demand by
/// the service). The store is read once, with <see cref="IReleaseStore.ListAsync"/>: over GitHub that is one paginated
/// listing of the releases, not a few calls per package.
/// </summary>
public sealed class CoverageBuilder(IReleaseStore store, string driverName, string releaseTagTemplate)
{
    public async Task<CoverageReport> BuildAsync(
        KernelList kernels, IReadOnlyList<string> driverVersions, MatrixResults results, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var byKey = results.Results.GroupBy(r => r.Key).ToDictionary(g => g.Key, g => g.Last());
        var published = new Dictionary<(string Tag, string Name), StoredPackage>();
        foreach (var package in await store.ListAsync(cancellationToken).ConfigureAwait(false))
        {
            published.TryAdd((package.Tag, GitHubAssetName.For(package.FileName)), package);
        }

        var rows = kernels.All()
            .SelectMany(k => driverVersions.Select(v => Decide(k.Architecture, k.Entry, v, byKey, published)))
            .ToList();
        var claimed = rows.Where(r => r.Row.Status == CoverageStatus.Published).Select(r => (r.Row.Url, r.Row.FileName)).ToHashSet();
        var listed = rows.Select(r => (r.Distribution, r.DistroVersion, r.Architecture, r.Row.KernelRelease, r.Row.DriverVersion)).ToHashSet();
        foreach (var package in published.Values.Where(p => !claimed.Contains((p.Location, p.FileName))).OrderBy(p => p.Tag, StringComparer.Ordinal).ThenBy(p => p.FileName, StringComparer.Ordinal))
        {
            if (PublishedPackageName.TryParse(driverName, package.FileName, driverVersions) is { } target
                && listed.Add((target.Distribution, target.DistroVersion, target.Architecture.KernelName(), target.KernelRelease, target.DriverVersion)))
            {
                rows.Add((target.Distribution, target.DistroVersion, target.Architecture.KernelName(), Published(target.KernelRelease, target.DriverVersion, package)));
            }
        }

        var newestFirst = Comparer<string>.Create((a, b) => NaturalVersionComparer.Instance.Compare(b, a));
        var groups = rows
            .GroupBy(r => (r.Distribution, r.DistroVersion, r.Architecture))
            .OrderBy(g => g.Key.Distribution, StringComparer.Ordinal).ThenBy(g => g.Key.DistroVersion, newestFirst).ThenBy(g => g.Key.Architecture, StringComparer.Ordinal)
            .Select(g => new CoverageGroup(g.Key.Distribution, g.Key.DistroVersion, g.Key.Architecture,
                g.Select(r => r.Row).OrderBy(r => r.KernelRelease, newestFirst).ThenBy(r => r.DriverVersion, newestFirst).ToList()))
            .ToList();
        return new CoverageReport(now, driverName, driverVersions, store.Description, results.MatrixId, results.RunUrl, groups);
    }

    private (string Distribution, string DistroVersion, string Architecture, CoverageRow Row) Decide(
        Architecture architecture, KernelEntry entry, string driverVersion,
        IReadOnlyDictionary<(string, string, string, string, string), MatrixResult> results,
        IReadOnlyDictionary<(string Tag, string Name), StoredPackage> published)
    {
        var arch = architecture.KernelName();
        var validation = entry.Validate(architecture, driverVersion);
        if (validation.Target is not { } target)
        {
            var reason = "not a target the registry accepts: " + string.Join("; ", validation.Errors.Select(e => e.ToString()));
            return (entry.Target, entry.DistroVersion ?? "?", arch, new CoverageRow(entry.KernelRelease, driverVersion, CoverageStatus.NotApplicable, Reason: reason));
        }

        var (distribution, version) = (target.Distribution.Id, target.DistroVersion.Id);
        var fileName = PackageNaming.FileName(driverName, target);
        CoverageRow row;
        if (published.TryGetValue((PackageNaming.ReleaseTag(target, releaseTagTemplate), GitHubAssetName.For(fileName)), out var stored))
        {
            row = Published(entry.KernelRelease, driverVersion, stored);
        }
        else if (results.TryGetValue((distribution, version, arch, entry.KernelRelease, driverVersion), out var result))
        {
            var status = result.Outcome == "failed" ? CoverageStatus.Failed : CoverageStatus.NotApplicable;
            row = new CoverageRow(entry.KernelRelease, driverVersion, status, fileName, Reason: result.Reason, RunUrl: result.RunUrl);
        }
        else
        {
            row = new CoverageRow(entry.KernelRelease, driverVersion, CoverageStatus.Missing, fileName);
        }

        return (distribution, version, arch, row);
    }

    private static CoverageRow Published(string kernelRelease, string driverVersion, StoredPackage stored) =>
        new(kernelRelease, driverVersion, CoverageStatus.Published, stored.FileName, stored.Location, stored.Size, stored.Sha256);
}
