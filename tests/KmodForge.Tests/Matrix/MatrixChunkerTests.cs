using KmodForge.Kernels;
using KmodForge.Matrix;

namespace KmodForge.Tests.Matrix;

public sealed class MatrixChunkerTests
{
    private static List<MatrixKernel> Kernels(int count) => [.. Enumerable.Range(1, count).Select(i => MatrixBuilderTests.Debian(i))];

    [Theory]
    [InlineData(0, 50, new int[0])]
    [InlineData(1, 50, new[] { 1 })]
    [InlineData(50, 50, new[] { 50 })]
    [InlineData(51, 50, new[] { 50, 1 })]
    [InlineData(7, 3, new[] { 3, 3, 1 })]
    public void Slices_builds_into_chunks_of_at_most_n(int builds, int size, int[] sizes)
    {
        var chunks = MatrixChunker.Chunk(Kernels(builds), size);
        Assert.Equal(sizes, chunks.Select(c => c.Kernels.Count));
        Assert.All(chunks, c => Assert.Equal(chunks.Count, c.Of));
        Assert.Equal(Enumerable.Range(1, chunks.Count), chunks.Select(c => c.Index));
        Assert.Equal(Kernels(builds).Select(k => k.Key), chunks.SelectMany(c => c.Kernels).Select(k => k.Key));
    }

    [Fact]
    public void Exactly_256_chunks_is_allowed()
    {
        var chunks = MatrixChunker.Chunk(Kernels(256 * 2), 2);
        Assert.Equal(256, chunks.Count);
        Assert.Equal("chunk-256.json", chunks[^1].FileName);
    }

    [Fact]
    public void The_257th_chunk_is_a_clear_error_with_counts_and_limits()
    {
        var e = Assert.Throws<MatrixTooLargeException>(() => MatrixChunker.Chunk(Kernels((256 * 2) + 1), 2));
        Assert.Equal(513, e.Builds);
        Assert.Equal(257, e.Chunks);
        Assert.Contains("513 builds", e.Message, StringComparison.Ordinal);
        Assert.Contains("257 chunks", e.Message, StringComparison.Ordinal);
        Assert.Contains("at most 256 chunks (512 builds", e.Message, StringComparison.Ordinal);
        Assert.Contains("Nothing was dispatched", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(257)]
    public void Chunk_size_must_fit_a_job_matrix(int size)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => MatrixChunker.Chunk(Kernels(1), size));
    }

    [Fact]
    public void A_chunk_of_256_is_one_full_job_matrix()
    {
        Assert.Single(MatrixChunker.Chunk(Kernels(256), GitHubLimits.MaxMatrixJobs));
    }
}
