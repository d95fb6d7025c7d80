namespace KmodForge.Bench;

/// <summary>The median of a benchmark's samples (the mean of the middle two for an even count).</summary>
internal static class Median
{
    public static double Of(IEnumerable<double> samples)
    {
        var sorted = samples.Order().ToArray();
        if (sorted.Length == 0)
        {
            throw new ArgumentException("no samples", nameof(samples));
        }

        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[(sorted.Length / 2) - 1] + sorted[sorted.Length / 2]) / 2;
    }
}
