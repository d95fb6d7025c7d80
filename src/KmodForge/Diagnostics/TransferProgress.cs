using System.Diagnostics;
using System.Globalization;

namespace KmodForge.Diagnostics;

/// <summary>
/// Counts the bytes of one long transfer (upload, download, compression) from any number of threads and forwards them to
/// <see cref="IBuildLog.Progress"/> at most every <paramref name="interval"/> (and once at the end), so a terminal shows
/// a live bar and CI gets plain periodic lines. <see cref="Summary"/> gives size, time and rate for the final line.
/// </summary>
public sealed class TransferProgress(IBuildLog log, string what, long? total, TimeSpan? interval = null)
{
    private readonly Stopwatch clock = Stopwatch.StartNew();
    private readonly long intervalTicks = (long)((interval ?? TimeSpan.FromSeconds(1)).TotalSeconds * Stopwatch.Frequency);
    private long done;
    private long lastReport = long.MinValue;

    public long Done => Interlocked.Read(ref done);

    public TimeSpan Elapsed => clock.Elapsed;

    /// <summary>Adds bytes; reports when the interval has passed since the last report.</summary>
    public void Add(long bytes)
    {
        var now = Interlocked.Add(ref done, bytes);
        var ticks = clock.ElapsedTicks;
        var last = Interlocked.Read(ref lastReport);
        if (ticks - last >= intervalTicks && Interlocked.CompareExchange(ref lastReport, ticks, last) == last)
        {
            log.Progress(what, now, total);
        }
    }

    /// <summary>Reports the final count and returns the summary.</summary>
    public string Complete()
    {
        clock.Stop();
        log.Progress(what, Done, total ?? Done);
        return Summary();
    }

    /// <summary><c>512.0 MiB in 4.2 s (121.9 MiB/s)</c>.</summary>
    public string Summary()
    {
        var seconds = Math.Max(clock.Elapsed.TotalSeconds, 0.001);
        return string.Create(CultureInfo.InvariantCulture, $"{Mib(Done)} in {seconds:0.0} s ({Done / seconds / (1024 * 1024):0.0} MiB/s)");
    }

    public static string Mib(long bytes) => string.Create(CultureInfo.InvariantCulture, $"{bytes / (1024.0 * 1024):0.0} MiB");
}
