using System.IO.Compression;

namespace KmodForge.Modules;

/// <summary>
/// Reads a module file into memory, undoing the compression distributions ship modules with (<c>.ko.xz</c> on
/// Fedora/CentOS, <c>.ko.zst</c> on Ubuntu 23.10+ and Debian 13, <c>.ko.gz</c> elsewhere). The compression is detected
/// from the magic bytes, not the file name, so a misnamed file still reads.
/// </summary>
public static class ModuleCompression
{
    public const string None = "none";
    public const string Xz = "xz";
    public const string Zstd = "zstd";
    public const string Gzip = "gzip";

    /// <summary>Larger decompressed modules are refused (real modules are at most tens of MiB; this bounds a zip bomb).</summary>
    public const long MaxDecompressedBytes = 512L * 1024 * 1024;

    /// <summary>The compression a file's first bytes announce.</summary>
    public static string Detect(ReadOnlySpan<byte> head) => head switch
    {
        [0xFD, 0x37, 0x7A, 0x58, 0x5A, 0x00, ..] => Xz,
        [0x28, 0xB5, 0x2F, 0xFD, ..] => Zstd,
        [0x1F, 0x8B, ..] => Gzip,
        _ => None,
    };

    /// <summary>The file's bytes, decompressed when compressed, and the compression found.</summary>
    public static (byte[] Bytes, string Compression) ReadAllBytes(string path)
    {
        var raw = File.ReadAllBytes(path);
        var compression = Detect(raw);
        if (compression == None)
        {
            return (raw, None);
        }

        try
        {
            return (Decompress(raw, compression), compression);
        }
        catch (Exception e) when (e is not (InvalidDataException or OutOfMemoryException or OperationCanceledException))
        {
            // The decoders throw their own exception types on corrupt input; report them all the same way.
            throw new InvalidDataException($"it looks {compression}-compressed but does not decompress: {e.Message}", e);
        }
    }

    private static byte[] Decompress(byte[] raw, string compression)
    {
        using var input = new MemoryStream(raw, writable: false);
        using Stream decoder = compression switch
        {
            Xz => new SharpCompress.Compressors.Xz.XZStream(input),
            Zstd => new SharpCompress.Compressors.ZStandard.DecompressionStream(input),
            _ => new GZipStream(input, CompressionMode.Decompress),
        };
        using var output = new MemoryStream();
        var buffer = new byte[81920];
        int n;
        while ((n = decoder.Read(buffer, 0, buffer.Length)) > 0)
        {
            if (output.Length + n > MaxDecompressedBytes)
            {
                throw new InvalidDataException($"it decompresses ({compression}) to more than {MaxDecompressedBytes / (1024 * 1024)} MiB, more than any kernel module");
            }

            output.Write(buffer, 0, n);
        }

        return output.ToArray();
    }
}
