using SharpCompress.Compressors;
using SharpCompress.Compressors.Deflate;
using SharpCompress.Compressors.Xz;
using SharpCompress.Compressors.ZStandard;

namespace KmodForge.Packaging.Reading;

/// <summary>Opens the decompressed view of a payload by its magic bytes (gzip, xz, zstd, or none), with SharpCompress.</summary>
internal static class Decompression
{
    public static Stream Open(Stream seekable, string what)
    {
        Span<byte> magic = stackalloc byte[6];
        var start = seekable.Position;
        var n = seekable.ReadAtLeast(magic, magic.Length, throwOnEndOfStream: false);
        seekable.Position = start;
        var m = magic[..n];
        if (m.StartsWith((ReadOnlySpan<byte>)[0x1F, 0x8B]))
        {
            return new GZipStream(seekable, CompressionMode.Decompress);
        }

        if (m.StartsWith((ReadOnlySpan<byte>)[0xFD, (byte)'7', (byte)'z', (byte)'X', (byte)'Z', 0x00]))
        {
            return new XZStream(seekable);
        }

        if (m.StartsWith((ReadOnlySpan<byte>)[0x28, 0xB5, 0x2F, 0xFD]))
        {
            return new DecompressionStream(seekable, leaveOpen: true);
        }

        if (m.StartsWith("BZh"u8) || m.StartsWith((ReadOnlySpan<byte>)[0x5D, 0x00, 0x00]))
        {
            throw new PackageReadException($"{what} is compressed with bzip2 or lzma, which is not supported; accepted: gzip, xz, zstd or none");
        }

        return seekable;
    }
}
