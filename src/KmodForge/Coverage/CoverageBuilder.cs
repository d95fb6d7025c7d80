using KmodForge.Kernels;
using KmodForge.Naming;
using KmodForge.Publishing;
using KmodForge.Targets;

namespace KmodForge.Coverage;

/// <summary>
/// Decides every kernel × driver version of a kernel list: published (looked up in the release store, the same
/// <see cref="IReleaseStore.FindAsync"/> the loader's service uses), failed or not applicable (the last matrix run's
/// results, or a kernel the registry rejects), else missing. Lookups run <paramref name="lookups"/> at a time.
/// </summary>
public sealed class CoverageBuilder(IReleaseStore store, string driverName, string releaseTagTemplate, int lookups = 8)
{
    public async Task<CoverageReport> BuildAsync(
        KernelList kernels, IReadOnlyList<string> driverVersions, MatrixResults results, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var byKey = results.Results.GroupBy(r => r.Key).ToDictionary(g => g.Key, g => g.Last());
        using var gate = new SemaphoreSlim(Math.Clamp(lookups, 1, 32));
        var cells = kernels.All().SelectMany(k => driverVersions.Select(v => (k.Architecture, k.Entry, DriverVersion: v))).ToList();
        var rows = await Task.WhenAll(cells.Select(async cell =>
        {
            await gate.WaitAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                return await DecideAsync(cell.Architecture, cell.Entry, cell.DriverVersion, byKey, cancellationToken).ConfigureAwait(false);
            }
            finally
            {
                gate.Release();
            }
        })).ConfigureAwait(false);

        var newestFirst = Comparer<string>.Create((a, b) => NaturalVersionComparer.Instance.Compare(b, a));
        var groups = rows
            .GroupBy(r => (r.Distribution, r.DistroVersion, r.Architecture))
            .OrderBy(g => g.Key.Distribution, StringComparer.Ordinal).ThenBy(g => g.Key.DistroVersion, newestFirst).ThenBy(g => g.Key.Architecture, StringComparer.Ordinal)
            .Select(g => new CoverageGroup(g.Key.Distribution, g.Key.DistroVersion, g.Key.Architecture,
                g.Select(r => r.Row).OrderBy(r => r.KernelRelease, newestFirst).ThenBy(r => r.DriverVersion, newestFirst).ToList()))
            .ToList();
        return new CoverageReport(now, driverName, driverVersions, store.Description, results.MatrixId, results.RunUrl, groups);
    }

    private async Task<(string Distribution, string DistroVersion, string Architecture, CoverageRow Row)> DecideAsync(
        Architecture architecture, KernelEntry entry, string driverVersion,
        IReadOnlyDictionary<(string, string, string, string, string), MatrixResult> results, CancellationToken cancellationToken)
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
        var stored = await store.FindAsync(PackageNaming.ReleaseTag(target, releaseTagTemplate), fileName, cancellationToken).ConfigureAwait(false);
        CoverageRow row;
        if (stored is not null)
        {
            row = new CoverageRow(entry.KernelRelease, driverVersion, CoverageStatus.Published, stored.FileName, stored.Location, stored.Size, stored.Sha256);
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
}
