using KmodForge.Kernels;

namespace KmodForge.Matrix;

/// <summary>Everything a matrix run decided, before anything is dispatched or stored.</summary>
/// <param name="Read">Kernels read per source (before dedup and skips).</param>
public sealed record MatrixPlan(
    MatrixRun Run,
    IReadOnlyDictionary<KernelSource, int> Read,
    SkipSummary Skips,
    MatrixDiff Diff,
    IReadOnlyList<MatrixChunk> Chunks)
{
    /// <summary>Kernels beyond one per crawler entry: flavours listed only in an entry's headers.</summary>
    public int ExtraFlavours { get; init; }

    /// <summary>How much of the previous matrix this one no longer lists.</summary>
    public MatrixLoss Loss { get; init; } = MatrixLoss.None;

    /// <summary>Store key of the previous matrix: <c>matrix/&lt;driver&gt;/previous.json</c>.</summary>
    public string PreviousKey => PreviousKeyFor(Run.Settings.StorePrefix, Run.DriverName);

    /// <summary>Store key of a chunk file: <c>matrix/&lt;driver&gt;/runs/&lt;matrix id&gt;/chunk-001.json</c>.</summary>
    public string ChunkKey(MatrixChunk chunk) => $"{Run.Settings.StorePrefix}/{Run.DriverName}/runs/{Run.MatrixId}/{chunk.FileName}";

    public static string PreviousKeyFor(string prefix, string driverName) => $"{prefix}/{driverName}/previous.json";
}
