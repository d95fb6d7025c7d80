using KmodForge.Containers;
using KmodForge.Diagnostics;
using KmodForge.IO;

namespace KmodForge.Caching;

/// <summary>What a prune decided and did.</summary>
public sealed record CachePruneReport(CachePrunePlan Layers, CachePrunePlan Files, bool DryRun)
{
    /// <summary>Entries removed.</summary>
    public IReadOnlyList<CacheEntry> Removed { get; init; } = [];

    /// <summary>Entries the plan chose but that were left in place, with why (a build took its lease since; the engine refused).</summary>
    public IReadOnlyList<(CacheEntry Entry, string Why)> Skipped { get; init; } = [];

    public IEnumerable<string> Describe() =>
        Layers.Describe(DryRun).Concat(Files.Describe(DryRun)).Concat(Skipped.Select(s => $"  left {s.Entry.Name}: {s.Why}"));
}

/// <summary>
/// Runs the cache policy: inventories the header layers of one namespace and the files under the cache folders,
/// decides a <see cref="CachePrunePlan"/> per budget, and (unless a dry run) removes each chosen entry while holding
/// its lease or per-image lock exclusively, taken without waiting: an entry a build has leased since the plan was made
/// is left in place, and a build that wants an entry being removed waits for the removal, then rebuilds what it lacks.
/// </summary>
public sealed class CachePruner(IContainerEngine engine, CacheUse uses, CacheSettings settings, string imageCacheDirectory, IBuildLog log)
{
    public async Task<CachePruneReport> PlanAsync(bool dryRun, CancellationToken cancellationToken)
    {
        settings.Validated();
        var layers = await new LayerInventory(engine, uses, settings.LayerNamespace).ListAsync(cancellationToken).ConfigureAwait(false);
        var files = new FileInventory(uses, imageCacheDirectory, uses.Directory).List();
        return new CachePruneReport(
            CachePrunePlan.Decide($"header layers in {engine.Name} ({settings.LayerNamespace}/headers-*)", settings.LayerBudgetBytes, layers),
            CachePrunePlan.Decide($"tarballs and root filesystems under {uses.Directory}", settings.FileBudgetBytes, files),
            dryRun);
    }

    /// <summary>Plans, prints the plan, and (unless <paramref name="dryRun"/>) removes what it chose.</summary>
    public async Task<CachePruneReport> RunAsync(bool dryRun, CancellationToken cancellationToken)
    {
        var report = await PlanAsync(dryRun, cancellationToken).ConfigureAwait(false);
        if (!dryRun)
        {
            var removed = new List<CacheEntry>();
            var skipped = new List<(CacheEntry, string)>();
            foreach (var removal in report.Layers.Removals.Concat(report.Files.Removals))
            {
                var why = await RemoveAsync(removal.Entry, cancellationToken).ConfigureAwait(false);
                if (why is null)
                {
                    removed.Add(removal.Entry);
                }
                else
                {
                    skipped.Add((removal.Entry, why));
                }
            }

            await uses.ForgetAsync([.. removed.Select(r => r.UseKey)], cancellationToken).ConfigureAwait(false);
            report = report with { Removed = removed, Skipped = skipped };
        }

        foreach (var line in report.Describe())
        {
            log.Info(line);
        }

        return report;
    }

    /// <summary>Removes one entry under its lease or lock; returns why it was left in place, or null when removed.</summary>
    private async Task<string?> RemoveAsync(CacheEntry entry, CancellationToken cancellationToken)
    {
        if (entry.Kind == CacheEntryKind.HeaderLayer)
        {
            using var lease = FileLease.TryAcquireExclusive(entry.LockPath);
            if (lease is null)
            {
                return "a build took its lease after the plan was made";
            }

            try
            {
                await engine.RemoveImageAsync(entry.Name, cancellationToken).ConfigureAwait(false);
                return null;
            }
            catch (ContainerEngineException e)
            {
                log.Warning($"Could not remove {entry.Name}: {e.Message.Split('\n', 2)[0]}");
                return $"{engine.Name} refused: {e.Message.Split('\n', 2)[0]}";
            }
        }

        using var held = FileLock.TryAcquire(entry.LockPath);
        if (held is null)
        {
            return "a build holds its lock";
        }

        File.Delete(entry.Name);
        File.Delete(entry.Name + ".sha256");
        return null;
    }
}
