using System.Buffers.Binary;
using System.Text;
using KmodForge.Errors;
using KmodForge.Packaging.Rpm;

namespace KmodForge.Packaging.Reading;

/// <summary>An .rpm: 96-byte lead, signature header (padded to 8), main header, then the compressed cpio payload.</summary>
internal static class RpmContainer
{
    private const int MaxIndexEntries = 0xFFFF;
    private const int MaxDataLength = 256 * 1024 * 1024;
    private static ReadOnlySpan<byte> HeaderMagic => [0x8E, 0xAD, 0xE8, 0x01];

    /// <summary>The decompressed cpio payload of the .rpm open in <paramref name="file"/>.</summary>
    public static Stream OpenPayload(Stream file, string what)
    {
        file.Position = RpmLead.Length;
        var signatureLength = SkipHeader(file, what, "signature");
        file.Position += (8 - (signatureLength % 8)) % 8;
        var (index, data) = ReadHeader(file, what);
        var format = StringTag(index, data, RpmTags.PayloadFormat);
        if (format is not (null or "cpio"))
        {
            throw new PackageReadException($"{what}: payload format {Printable.Quote(format)} is not supported; accepted: cpio");
        }

        var compressor = StringTag(index, data, RpmTags.PayloadCompressor) ?? "gzip";
        if (compressor is not ("gzip" or "xz" or "zstd"))
        {
            throw new PackageReadException($"{what}: payload compressor {Printable.Quote(compressor)} is not supported; accepted: gzip, xz, zstd");
        }

        return Decompression.Open(new BoundedStream(file, file.Position, file.Length - file.Position), $"{what} ({compressor} payload)");
    }

    private static long SkipHeader(Stream file, string what, string which)
    {
        var (il, dl) = ReadIntro(file, what, which);
        var length = 16 + (il * 16L) + dl;
        file.Position += length - 16;
        return length;
    }

    private static (byte[] Index, byte[] Data) ReadHeader(Stream file, string what)
    {
        var (il, dl) = ReadIntro(file, what, "main");
        var index = new byte[il * 16];
        var data = new byte[dl];
        if (file.ReadAtLeast(index, index.Length, false) != index.Length || file.ReadAtLeast(data, data.Length, false) != data.Length)
        {
            throw new PackageReadException($"{what} is truncated inside its main header");
        }

        return (index, data);
    }

    private static (int Il, int Dl) ReadIntro(Stream file, string what, string which)
    {
        Span<byte> intro = stackalloc byte[16];
        if (file.ReadAtLeast(intro, 16, false) != 16 || !intro.StartsWith(HeaderMagic))
        {
            throw new PackageReadException($"{what} is not a valid .rpm: its {which} header is missing or has a bad magic");
        }

        var il = BinaryPrimitives.ReadInt32BigEndian(intro[8..]);
        var dl = BinaryPrimitives.ReadInt32BigEndian(intro[12..]);
        if (il is < 1 or > MaxIndexEntries || dl is < 0 or > MaxDataLength || 16 + (il * 16L) + dl > file.Length - file.Position + 16)
        {
            throw new PackageReadException($"{what} is not a valid .rpm: its {which} header claims {il} entries and {dl} data bytes");
        }

        return (il, dl);
    }

    private static string? StringTag(byte[] index, byte[] data, int tag)
    {
        for (var i = 0; i < index.Length; i += 16)
        {
            if (BinaryPrimitives.ReadInt32BigEndian(index.AsSpan(i)) != tag)
            {
                continue;
            }

            var offset = BinaryPrimitives.ReadInt32BigEndian(index.AsSpan(i + 8));
            if (offset < 0 || offset >= data.Length)
            {
                return null;
            }

            var end = Array.IndexOf(data, (byte)0, offset);
            return Encoding.UTF8.GetString(data, offset, (end < 0 ? data.Length : end) - offset);
        }

        return null;
    }
}
