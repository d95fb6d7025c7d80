using KmodForge.Errors;

namespace KmodForge.Matrix;

/// <summary>How many kernels of the previous matrix the new one no longer lists.</summary>
public sealed record MatrixLoss(int Previous, int Lost)
{
    public static MatrixLoss None { get; } = new(0, 0);

    /// <summary>The lost share in whole percent (rounded down).</summary>
    public int Percent => Previous == 0 ? 0 : (int)(Lost * 100L / Previous);

    /// <summary>True when more than <paramref name="maxPercent"/> percent of the previous kernels were lost.</summary>
    public bool Exceeds(int maxPercent) => Previous > 0 && Lost * 100L > (long)maxPercent * Previous;

    public static MatrixLoss Of(PreviousMatrix? previous, MatrixBuilder builder) =>
        previous is null ? None
        : ReferenceEquals(previous, builder.Previous) ? new(previous.Count, previous.Count - builder.StillListed)
        : new(previous.Count, previous.Digests.Keys.Count(k => !builder.Contains(k)));

    /// <summary>Refuses, with the numbers, a run that would store a matrix which lost more than the settings allow.</summary>
    public void Check(MatrixSettings settings, int kernels)
    {
        if (!settings.ReplacesPrevious || settings.AllowShrink || !Exceeds(settings.MaxLossPercent))
        {
            return;
        }

        throw new MatrixShrinkException(
            $"The new matrix has {kernels:N0} kernels and no longer lists {Lost:N0} of the previous matrix's {Previous:N0} ({Percent}%), "
            + $"more than --matrix-max-loss-percent={settings.MaxLossPercent}. Nothing was dispatched and the previous matrix is kept. "
            + "A kernel list that is broken or empty (a crawler outage) looks like this; check the skip summary above. "
            + "If those kernels really are gone, run again with --allow-matrix-shrink.");
    }
}

/// <summary>The new matrix lost more of the previous one than allowed; nothing was dispatched or stored.</summary>
public sealed class MatrixShrinkException(string message) : KmodForgeException(message);
