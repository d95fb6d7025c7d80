using System.IO.Compression;

namespace KmodForge.Packaging.Rpm;

/// <summary>
/// The compressor of an RPM payload. Gzip (the default) is read by every rpm 4.x; zstd is what Fedora and EL9+ use
/// themselves (needs rpm ≥ 4.14 and the <c>rpmlib(PayloadIsZstd)</c> requirement, which the writer adds).
/// </summary>
public enum RpmPayloadCompression
{
    Gzip,
    Zstd,
}

internal static class RpmPayloadCompressionExtensions
{
    /// <summary>The name written to PAYLOADCOMPRESSOR (1125).</summary>
    public static string TagName(this RpmPayloadCompression c) => c switch
    {
        RpmPayloadCompression.Gzip => "gzip",
        RpmPayloadCompression.Zstd => "zstd",
        _ => throw new ArgumentOutOfRangeException(nameof(c), c, null),
    };

    /// <summary>The level written to PAYLOADFLAGS (1126).</summary>
    public static int Level(this RpmPayloadCompression c) => c switch
    {
        RpmPayloadCompression.Gzip => 9,
        RpmPayloadCompression.Zstd => 9,
        _ => throw new ArgumentOutOfRangeException(nameof(c), c, null),
    };

    /// <summary>Compresses <paramref name="input"/> deterministically (gzip header mtime 0).</summary>
    public static byte[] Compress(this RpmPayloadCompression c, byte[] input)
    {
        var output = new MemoryStream();
        switch (c)
        {
            case RpmPayloadCompression.Gzip:
                // zlib writes a gzip header with mtime 0 and no file name: nothing in it depends on the time of the build.
                using (var gzip = new GZipStream(output, CompressionLevel.SmallestSize, leaveOpen: true))
                {
                    gzip.Write(input);
                }

                break;
            case RpmPayloadCompression.Zstd:
                using (var zstd = new SharpCompress.Compressors.ZStandard.CompressionStream(output, c.Level(), 0, true))
                {
                    zstd.Write(input);
                }

                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(c), c, null);
        }

        return output.ToArray();
    }
}
