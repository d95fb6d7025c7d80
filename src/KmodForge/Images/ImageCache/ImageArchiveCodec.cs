using System.IO.Compression;
using KmodForge.Diagnostics;
using KmodForge.IO;
using ZstdCompressionStream = SharpCompress.Compressors.ZStandard.CompressionStream;
using ZstdDecompressionStream = SharpCompress.Compressors.ZStandard.DecompressionStream;

namespace KmodForge.Images.ImageCache;

/// <summary>
/// Compresses and decompresses image tarballs, file to file, streaming (no whole tarball in memory), writing
/// atomically, and reporting progress. zstd is SharpCompress's managed port; gzip is .NET's zlib.
/// </summary>
public static class ImageArchiveCodec
{
    /// <summary>zstd level: the weekly job compresses once, every job decompresses, and zstd decompresses equally fast at any level.</summary>
    public const int ZstdLevel = 9;

    private const int BufferSize = 1 << 20;

    public static async Task CompressAsync(string tarPath, string outputPath, ImageCompression compression, IBuildLog log, CancellationToken cancellationToken)
    {
        var progress = new TransferProgress(log, $"compress {Path.GetFileName(outputPath)}", new FileInfo(tarPath).Length);
        await using (var input = new FileStream(tarPath, FileMode.Open, FileAccess.Read, FileShare.Read, BufferSize, useAsync: true))
        {
            await using var counted = new ProgressStream(input, progress, leaveOpen: true);
            await AtomicFile.WriteAsync(outputPath, async (output, ct) =>
            {
                await using var compressor = Compressor(output, compression);
                await counted.CopyToAsync(compressor, BufferSize, ct).ConfigureAwait(false);
            }, cancellationToken).ConfigureAwait(false);
        }

        log.Verbose($"compressed {Path.GetFileName(tarPath)} ({compression}): {progress.Complete()} -> {TransferProgress.Mib(new FileInfo(outputPath).Length)}");
    }

    public static async Task DecompressAsync(string archivePath, string tarPath, ImageCompression compression, IBuildLog log, CancellationToken cancellationToken)
    {
        var progress = new TransferProgress(log, $"decompress {Path.GetFileName(archivePath)}", new FileInfo(archivePath).Length);
        await using (var input = new FileStream(archivePath, FileMode.Open, FileAccess.Read, FileShare.Read, BufferSize, useAsync: true))
        {
            await using var counted = new ProgressStream(input, progress, leaveOpen: true);
            await AtomicFile.WriteAsync(tarPath, async (output, ct) =>
            {
                await using var decompressor = Decompressor(counted, compression);
                await decompressor.CopyToAsync(output, BufferSize, ct).ConfigureAwait(false);
            }, cancellationToken).ConfigureAwait(false);
        }

        log.Verbose($"decompressed {Path.GetFileName(archivePath)}: {progress.Complete()}");
    }

    private static Stream Compressor(Stream output, ImageCompression compression) => compression switch
    {
        ImageCompression.Zstd => new ZstdCompressionStream(output, ZstdLevel, BufferSize, leaveOpen: true),
        ImageCompression.Gzip => new GZipStream(output, CompressionLevel.Optimal, leaveOpen: true),
        ImageCompression.None => new NonClosingStream(output),
        _ => throw new ArgumentOutOfRangeException(nameof(compression), compression, null),
    };

    private static Stream Decompressor(Stream input, ImageCompression compression) => compression switch
    {
        ImageCompression.Zstd => new ZstdDecompressionStream(input, BufferSize, checkEndOfStream: true, leaveOpen: true),
        ImageCompression.Gzip => new GZipStream(input, CompressionMode.Decompress, leaveOpen: true),
        ImageCompression.None => new NonClosingStream(input),
        _ => throw new ArgumentOutOfRangeException(nameof(compression), compression, null),
    };

    /// <summary>The uncompressed case: the stream itself, not closed when the wrapper is.</summary>
    private sealed class NonClosingStream(Stream inner) : Stream
    {
        public override bool CanRead => inner.CanRead;

        public override bool CanSeek => false;

        public override bool CanWrite => inner.CanWrite;

        public override long Length => inner.Length;

        public override long Position { get => inner.Position; set => throw new NotSupportedException(); }

        public override void Flush() => inner.Flush();

        public override int Read(byte[] buffer, int offset, int count) => inner.Read(buffer, offset, count);

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) => inner.ReadAsync(buffer, cancellationToken);

        public override void Write(byte[] buffer, int offset, int count) => inner.Write(buffer, offset, count);

        public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default) => inner.WriteAsync(buffer, cancellationToken);

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();
    }
}
