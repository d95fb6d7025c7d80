using System.Globalization;

namespace KmodForge.Diagnostics;

/// <summary>One progress update to show: bytes done of total, and the average rate since the transfer started.</summary>
public sealed record ProgressReport(string What, long Done, long? Total, double? BytesPerSecond)
{
    public bool IsComplete => Total is { } total && Done >= total;

    /// <summary><c>headers.deb: 12.0 MiB / 48.0 MiB (25%), 3.0 MiB/s</c>.</summary>
    public override string ToString()
    {
        var text = Total is { } total
            ? $"{What}: {ByteSize.Format(Done)} / {ByteSize.Format(total)}" + (total > 0
                ? string.Create(CultureInfo.InvariantCulture, $" ({Math.Min(100, Done * 100 / total)}%)")
                : string.Empty)
            : $"{What}: {ByteSize.Format(Done)}";
        return BytesPerSecond is { } rate ? $"{text}, {ByteSize.Format(rate)}/s" : text;
    }
}
