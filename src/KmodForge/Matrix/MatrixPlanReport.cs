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
        sb.AppendLine(c, $"Read: {string.Join(", ", plan.Read.Select(r => $"{Name(r.Key)} {r.Value:N0}"))}; in the matrix {d.Next.Count:N0}; skipped {plan.Skips.Total:N0}");
        var rebuilt = d.DriverVersionChanged ? " (new driver version: every kernel is rebuilt)" : string.Empty;
        sb.AppendLine(c, $"Builds: {d.Builds.Count:N0} (new {d.New:N0}, changed {d.Changed:N0}); unchanged {d.Unchanged:N0}; no longer listed {d.Removed:N0}{rebuilt}");

        sb.AppendLine("By distribution, version and architecture (kernels / builds):");
        foreach (var g in d.Groups)
        {
            sb.AppendLine(c, $"  {g.Distribution,-12} {g.Version,-9} {g.Architecture,-8} {g.Kernels,7:N0} / {g.Builds:N0}");
        }

        if (plan.Skips.Total > 0)
        {
            sb.AppendLine("Skipped (reason: count; by detail; examples):");
            foreach (var (reason, count) in plan.Skips.ByReason.OrderBy(r => r.Key))
            {
                var details = plan.Skips.ByDetail.Where(x => x.Key.Reason == reason).OrderByDescending(x => x.Value).ThenBy(x => x.Key.Detail, StringComparer.Ordinal).ToList();
                sb.AppendLine(c, $"  {reason}: {count:N0}");
                sb.AppendLine(c, $"    {string.Join(", ", details.Take(12).Select(x => $"{x.Key.Detail} {x.Value:N0}"))}{(details.Count > 12 ? $", ... ({details.Count - 12} more)" : string.Empty)}");
                foreach (var example in plan.Skips.Examples(reason))
                {
                    sb.AppendLine(c, $"    e.g. {example}");
                }
            }
        }

        var sizes = plan.Chunks.GroupBy(ch => ch.Kernels.Count).OrderByDescending(g => g.Key).Select(g => $"{g.Count()} x {g.Key}");
        sb.AppendLine(c, $"Chunks: {plan.Chunks.Count} of at most {plan.Run.Settings.ChunkSize} builds (limit {GitHubLimits.MaxChunks} chunks): {(plan.Chunks.Count == 0 ? "none" : string.Join(", ", sizes))}");
        return sb.ToString();
    }

    private static string Name(KernelSource source) => source switch
    {
        KernelSource.KernelsJson => "kernels.json",
        KernelSource.KernelCrawler => "kernel-crawler",
        _ => "livepatch",
    };
}
