using System.Security.Cryptography;
using System.Text.RegularExpressions;
using KmodForge.Errors;
using KmodForge.IO;
using KmodForge.Targets;

namespace KmodForge.Packaging.Rpm;

/// <summary>
/// Writes a binary RPM v4 in C# (no rpmbuild): lead, signature header (size, payload size, SHA-1/SHA-256 of the
/// header, MD5 of header and payload, reserved space), main header in an immutable region, and a cpio "newc" payload
/// (gzip by default). Reproducible: the same spec and SOURCE_DATE_EPOCH give byte-identical files. Written atomically.
/// </summary>
public sealed partial class RpmPackageWriter(RpmPayloadCompression compression = RpmPayloadCompression.Gzip) : IPackageWriter
{
    /// <summary>Bytes of RESERVEDSPACE left in the signature header so <c>rpmsign --addsign</c> can sign in place.</summary>
    public const int ReservedSpace = 4096;

    public PackageFormat Format => PackageFormat.Rpm;

    public void Write(PackageSpec spec, string outputPath)
    {
        Validate(spec);
        var files = RpmFileList.Build(spec);
        var payload = BuildPayload(files, spec.SourceDateEpoch);
        var compressed = compression.Compress(payload);
        var header = RpmMainHeader.Build(spec, files, compression, compressed);
        var signature = BuildSignature(header, compressed, payload.Length);
        var lead = RpmLead.Build($"{spec.Name}-{spec.Version}-{spec.Release}", spec.Architecture);

        AtomicFile.Write(outputPath, stream =>
        {
            stream.Write(lead);
            stream.Write(signature);
            stream.Write(new byte[(8 - (signature.Length % 8)) % 8]);
            stream.Write(header);
            stream.Write(compressed);
        });
    }

    /// <summary>The cpio archive: every entry <c>./</c>-prefixed, in the header's (sorted) order, inode = file index + 1.</summary>
    internal static byte[] BuildPayload(IReadOnlyList<RpmFileEntry> files, long mtime)
    {
        var output = new MemoryStream();
        var cpio = new CpioNewcWriter(output);
        for (var i = 0; i < files.Count; i++)
        {
            cpio.WriteEntry("." + files[i].Path, i + 1, files[i].Mode, files[i].IsDirectory ? 2 : 1, mtime, files[i].Content);
        }

        cpio.WriteTrailer();
        return output.ToArray();
    }

    internal static byte[] BuildSignature(byte[] header, byte[] compressedPayload, long uncompressedPayloadSize)
    {
        using var md5 = IncrementalHash.CreateHash(HashAlgorithmName.MD5);
        md5.AppendData(header);
        md5.AppendData(compressedPayload);
        return new RpmHeaderBuilder(RpmTags.HeaderSignatures)
            .String(RpmTags.SigSha1, Convert.ToHexStringLower(SHA1.HashData(header)))
            .String(RpmTags.SigSha256, Convert.ToHexStringLower(SHA256.HashData(header)))
            .Int32(RpmTags.SigSize, checked(header.Length + compressedPayload.Length))
            .Binary(RpmTags.SigMd5, md5.GetHashAndReset())
            .Int32(RpmTags.SigPayloadSize, checked((int)uncompressedPayloadSize))
            .Binary(RpmTags.SigReservedSpace, new byte[ReservedSpace])
            .Build();
    }

    private static void Validate(PackageSpec spec)
    {
        Require(nameof(spec.Name), spec.Name, NameShape(), "use letters, digits and . _ + - (starting with a letter or digit)");
        Require(nameof(spec.Version), spec.Version, VersionShape(), "use letters, digits and . _ + ~ ^ (no '-': RPM separates version and release with it)");
        Require(nameof(spec.Release), spec.Release, VersionShape(), "use letters, digits and . _ + ~ ^ (no '-')");
        if (spec.SourceDateEpoch is < 0 or > int.MaxValue)
        {
            throw new ArgumentException($"{nameof(spec.SourceDateEpoch)}: {spec.SourceDateEpoch} is outside what RPM stores (0 to {int.MaxValue} seconds since 1970)");
        }

        if (string.IsNullOrWhiteSpace(spec.Summary) || spec.Summary.Contains('\n'))
        {
            throw new ArgumentException($"{nameof(spec.Summary)}: {Printable.Quote(spec.Summary)} must be one non-empty line");
        }
    }

    private static void Require(string field, string value, Regex shape, string accepted)
    {
        if (!shape.IsMatch(value))
        {
            throw new ArgumentException($"{field}: {Printable.Quote(value)} is not valid in an RPM; {accepted}");
        }
    }

    [GeneratedRegex(@"^[A-Za-z0-9][A-Za-z0-9._+-]{0,199}$", RegexOptions.CultureInvariant)]
    private static partial Regex NameShape();

    [GeneratedRegex(@"^[A-Za-z0-9._+~^]{1,128}$", RegexOptions.CultureInvariant)]
    private static partial Regex VersionShape();
}
