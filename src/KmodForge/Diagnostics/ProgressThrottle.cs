namespace KmodForge.Diagnostics;

/// <summary>
/// Decides which progress updates are shown: the first, then at most one per <c>interval</c> for each transfer, and
/// always the one that completes it. Keeps the start of each transfer to compute its average rate.
/// </summary>
public sealed class ProgressThrottle(TimeProvider time, TimeSpan interval)
{
    private readonly Dictionary<string, (long Start, long LastShown)> transfers = new(StringComparer.Ordinal);

    /// <summary>The update to show now, or null to skip this one. Not thread-safe: callers hold their own lock.</summary>
    public ProgressReport? Next(string what, long done, long? total)
    {
        var now = time.GetTimestamp();
        var report = new ProgressReport(what, done, total, null);
        if (!transfers.TryGetValue(what, out var state))
        {
            transfers[what] = (now, now);
            return Finish(report);
        }

        var elapsed = time.GetElapsedTime(state.Start, now);
        report = report with { BytesPerSecond = elapsed > TimeSpan.Zero ? done / elapsed.TotalSeconds : null };
        if (report.IsComplete)
        {
            return Finish(report);
        }

        if (time.GetElapsedTime(state.LastShown, now) < interval)
        {
            return null;
        }

        transfers[what] = (state.Start, now);
        return report;
    }

    private ProgressReport Finish(ProgressReport report)
    {
        if (report.IsComplete)
        {
            transfers.Remove(report.What);
        }

        return report;
    }
}
