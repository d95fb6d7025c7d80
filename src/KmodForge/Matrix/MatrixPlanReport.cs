using System.Globalization;
using System.Text;
using KmodForge.Kernels;

namespace KmodForge.Matrix;

/// <summary>The plan in words: what a dry run prints and a real run logs.</summary>
public static class MatrixPlanReport
{
    public static string Format(MatrixPlan plan)
    {
        var c = CultureInfo.InvariantCulture;
        var d = plan.Diff;
        var sb = new StringBuilder();
        sb.AppendLine(c, $"Matrix {plan.Run.MatrixId}: {plan.Run.DriverName} {plan.Run.DriverVersion}");
        var flavours = plan.ExtraFlavours > 0 ? $" (+{plan.ExtraFlavours:N0} flavours listed only in headers)" : string.Empty;
        sb.AppendLine(c, $"Read: {string.Join(", ", plan.Read.Select(r => $"{Name(r.Key)} {r.Value:N0}"))}{flavours}; in the matrix {d.Next.Count:N0}; skipped {plan.Skips.Total:N0}");
        var rebuilt = d.DriverVersionChanged ? " (new driver version: every kernel is rebuilt)" : string.Empty;
        sb.AppendLine(c, $"Builds: {d.Builds.Count:N0} (new {d.New:N0}, changed {d.Changed:N0}); unchanged {d.Unchanged:N0}; no longer listed {d.Removed:N0}{rebuilt}");

        sb.AppendLine("By distribution, version and architecture (kernels / builds):");
        foreach (var g in d.Groups)
        {
            sb.AppendLine(c, $"  {g.Distribution,-12} {g.Version,-9} {g.Architecture,-8} {g.Kernels,7:N0} / {g.Builds:N0}");
        }

        if (plan.Loss.Previous > 0)
        {
            var refused = plan.Loss.Exceeds(plan.Run.Settings.MaxLossPercent) && !plan.Run.Settings.AllowShrink
                ? $"; more than --matrix-max-loss-percent={plan.Run.Settings.MaxLossPercent}, so {(plan.Run.Settings.ReplacesPrevious ? "this run is refused" : "a real run would be refused")} (--allow-matrix-shrink allows it)"
                : string.Empty;
            sb.AppendLine(c, $"Previous matrix: {plan.Loss.Previous:N0} kernels, {plan.Loss.Lost:N0} no longer listed ({plan.Loss.Percent}%){refused}");
        }

        sb.Append(FormatSkips(plan.Skips, expanded: false));
        var sizes = plan.Chunks.GroupBy(ch => ch.Kernels.Count).OrderByDescending(g => g.Key).Select(g => $"{g.Count()} x {g.Key}");
        sb.AppendLine(c, $"Chunks: {plan.Chunks.Count} of at most {plan.Run.Settings.ChunkSize} builds (limit {GitHubLimits.MaxChunks} chunks): {(plan.Chunks.Count == 0 ? "none" : string.Join(", ", sizes))}");
        return sb.ToString();
    }

    /// <summary>
    /// The skip summary: per reason its count, its details by count (the first <see cref="DetailsShown"/> unless
    /// <paramref name="expanded"/>, with how to see the rest) and its examples. Empty when nothing was skipped.
    /// </summary>
    public static string FormatSkips(SkipSummary skips, bool expanded)
    {
        var c = CultureInfo.InvariantCulture;
        var sb = new StringBuilder();
        if (skips.Total == 0)
        {
            return string.Empty;
        }

        sb.AppendLine("Skipped (reason: count; by detail; examples):");
        foreach (var (reason, count) in skips.ByReason.OrderBy(r => r.Key))
        {
            var details = skips.ByDetail.Where(x => x.Key.Reason == reason).OrderByDescending(x => x.Value).ThenBy(x => x.Key.Detail, StringComparer.Ordinal).ToList();
            var shown = expanded ? details.Count : DetailsShown;
            var more = details.Count > shown ? $", ... ({details.Count - shown} more: --verbosity=verbose or --skip-report=<file> lists them)" : string.Empty;
            sb.AppendLine(c, $"  {reason}: {count:N0}");
            sb.AppendLine(c, $"    {string.Join(", ", details.Take(shown).Select(x => $"{x.Key.Detail} {x.Value:N0}"))}{more}");
            foreach (var example in skips.Examples(reason))
            {
                sb.AppendLine(c, $"    e.g. {example}");
            }
        }

        return sb.ToString();
    }

    /// <summary>Details per reason the plan prints; the rest are counted and shown expanded.</summary>
    public const int DetailsShown = 12;

    private static string Name(KernelSource source) => source switch
    {
        KernelSource.KernelsJson => "kernels.json",
        KernelSource.KernelCrawler => "kernel-crawler",
        _ => "livepatch",
    };
}
