using KmodForge.Errors;
using KmodForge.Kernels;

namespace KmodForge.Matrix;

/// <summary>One workflow_dispatch worth of builds (at most <see cref="GitHubLimits.MaxMatrixJobs"/>).</summary>
/// <param name="Index">1-based position among <paramref name="Of"/> chunks.</param>
public sealed record MatrixChunk(int Index, int Of, IReadOnlyList<MatrixKernel> Kernels)
{
    /// <summary>The chunk file name in the store: <c>chunk-007.json</c>.</summary>
    public string FileName => $"chunk-{Index:D3}.json";
}

/// <summary>The builds do not fit in <see cref="GitHubLimits.MaxChunks"/> chunks; nothing was dispatched.</summary>
public sealed class MatrixTooLargeException(int builds, int chunkSize, int chunks)
    : KmodForgeException($"The matrix has {builds} builds; in chunks of at most {chunkSize} that is {chunks} chunks, but at most " +
                $"{GitHubLimits.MaxChunks} chunks ({GitHubLimits.MaxChunks * chunkSize} builds at this chunk size) are dispatched in one run. " +
                $"Nothing was dispatched and the previous matrix is unchanged. Raise --chunk-size (at most {GitHubLimits.MaxMatrixJobs}, " +
                $"the matrix job limit) or narrow the kernel list.")
{
    public int Builds { get; } = builds;

    public int ChunkSize { get; } = chunkSize;

    public int Chunks { get; } = chunks;
}

/// <summary>Slices builds into chunks of at most N, in order, all or nothing.</summary>
public static class MatrixChunker
{
    public static IReadOnlyList<MatrixChunk> Chunk(IReadOnlyList<MatrixKernel> builds, int chunkSize)
    {
        if (chunkSize is < 1 or > GitHubLimits.MaxMatrixJobs)
        {
            throw new ArgumentOutOfRangeException(nameof(chunkSize), chunkSize,
                $"The chunk size must be 1 to {GitHubLimits.MaxMatrixJobs} (a GitHub job matrix runs at most {GitHubLimits.MaxMatrixJobs} jobs).");
        }

        var count = (builds.Count + chunkSize - 1) / chunkSize;
        if (count > GitHubLimits.MaxChunks)
        {
            throw new MatrixTooLargeException(builds.Count, chunkSize, count);
        }

        var chunks = new List<MatrixChunk>(count);
        for (var i = 0; i < count; i++)
        {
            var slice = new MatrixKernel[Math.Min(chunkSize, builds.Count - (i * chunkSize))];
            for (var j = 0; j < slice.Length; j++)
            {
                slice[j] = builds[(i * chunkSize) + j];
            }

            chunks.Add(new MatrixChunk(i + 1, count, slice));
        }

        return chunks;
    }
}
