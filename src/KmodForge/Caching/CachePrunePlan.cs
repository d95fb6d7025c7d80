using System.Globalization;
using KmodForge.Diagnostics;

namespace KmodForge.Caching;

/// <summary>
/// The cache policy for one budget, decided without touching anything: while the entries exceed the budget, remove
/// stale entries first (a layer whose base image is no longer the current one for its distro and architecture), then
/// the least recently used (by the last use a build recorded, else creation time). An entry a running build holds is
/// never chosen. The runner (<see cref="CachePruner"/>) executes the plan; a dry run prints it.
/// </summary>
/// <param name="Budget">What the budget covers, for the report ("header layers in podman").</param>
public sealed record CachePrunePlan(string Budget, long BudgetBytes, IReadOnlyList<CacheEntry> Entries, IReadOnlyList<PruneDecision> Removals)
{
    public long TotalBytes => Entries.Sum(e => e.Bytes);

    public long BytesAfter => TotalBytes - Removals.Sum(r => r.Entry.Bytes);

    /// <summary>Entries a running build holds, kept whatever the budget.</summary>
    public IReadOnlyList<CacheEntry> Held => [.. Entries.Where(e => e.Held)];

    public static CachePrunePlan Decide(string budget, long budgetBytes, IReadOnlyList<CacheEntry> entries)
    {
        var total = entries.Sum(e => e.Bytes);
        var removals = new List<PruneDecision>();
        foreach (var entry in Order(entries).Where(e => !e.Held))
        {
            if (total <= budgetBytes)
            {
                break;
            }

            var over = $"{ByteSize.Format(total)} over the {ByteSize.Format(budgetBytes)} budget";
            removals.Add(new PruneDecision(entry, entry.StaleReason is { } stale
                ? $"stale: {stale}; {over}"
                : $"least recently used ({Used(entry)}); {over}"));
            total -= entry.Bytes;
        }

        return new CachePrunePlan(budget, budgetBytes, entries, removals);
    }

    /// <summary>The removal order: stale first, then by last use (oldest first), then by name for a stable order.</summary>
    public static IEnumerable<CacheEntry> Order(IEnumerable<CacheEntry> entries) =>
        entries.OrderBy(e => e.StaleReason is null).ThenBy(e => e.LastUse).ThenBy(e => e.Name, StringComparer.Ordinal);

    private static string Used(CacheEntry entry) =>
        (entry.UseRecorded ? "last used by a build " : "no build recorded a use; made ")
        + entry.LastUse.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    /// <summary>The plan as lines: the budget and its use, then each removal with its reason, then entries kept because a build holds them.</summary>
    public IEnumerable<string> Describe(bool dryRun)
    {
        yield return $"{Budget}: {Entries.Count} entries, {ByteSize.Format(TotalBytes)} of a {ByteSize.Format(BudgetBytes)} budget"
            + (Removals.Count == 0 ? "; nothing to remove" : $"; {(dryRun ? "would remove" : "removing")} {Removals.Count} ({ByteSize.Format(TotalBytes - BytesAfter)})");
        foreach (var removal in Removals)
        {
            yield return $"  {(dryRun ? "would remove" : "remove")} {removal.Entry.Name} ({ByteSize.Format(removal.Entry.Bytes)}): {removal.Reason}";
        }

        foreach (var held in Held)
        {
            yield return $"  keep {held.Name} ({ByteSize.Format(held.Bytes)}): held by a running build";
        }
    }
}
