using KmodForge.Errors;
using KmodForge.Packaging.Rpm;

namespace KmodForge.Packaging.Reading;

/// <summary>An .rpm: 96-byte lead, signature header (padded to 8), main header, then the compressed cpio payload.</summary>
internal static class RpmContainer
{
    /// <summary>The decompressed cpio payload of the .rpm open in <paramref name="file"/>.</summary>
    public static Stream OpenPayload(Stream file, string what)
    {
        file.Position = RpmLead.Length;
        RpmHeaderStructure main;
        try
        {
            var signature = RpmHeaderStructure.Read(file, "signature");
            file.Position = (signature.End + 7) & ~7L;
            main = RpmHeaderStructure.Read(file, "main");
        }
        catch (Exception e) when (e is InvalidDataException or EndOfStreamException)
        {
            throw new PackageReadException($"{what} is not a valid .rpm: {e.Message}");
        }

        var format = main.String(RpmTags.PayloadFormat);
        if (format is not (null or "cpio"))
        {
            throw new PackageReadException($"{what}: payload format {Printable.Quote(format)} is not supported; accepted: cpio");
        }

        var compressor = main.String(RpmTags.PayloadCompressor) ?? "gzip";
        if (compressor is not ("gzip" or "xz" or "zstd"))
        {
            throw new PackageReadException($"{what}: payload compressor {Printable.Quote(compressor)} is not supported; accepted: gzip, xz, zstd");
        }

        return Decompression.Open(new BoundedStream(file, file.Position, file.Length - file.Position), $"{what} ({compressor} payload)");
    }
}
