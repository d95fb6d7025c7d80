using System.Buffers.Binary;
using System.Formats.Asn1;

namespace KmodForge.Signing;

/// <summary>What the end of a module file says about its signature.</summary>
/// <param name="Signed">True when the trailer and a PKCS#7 signature block are present.</param>
/// <param name="HashAlgorithm">The digest named in the PKCS#7 (sha256, sha512, ...), or null.</param>
/// <param name="SignatureLength">Bytes of the PKCS#7 block.</param>
/// <param name="Problem">Why a trailer that is present is not a usable signature, or null.</param>
public sealed record ModuleSignatureInfo(bool Signed, string? HashAlgorithm, int SignatureLength, string? Problem)
{
    public static readonly ModuleSignatureInfo Unsigned = new(false, null, 0, null);
}

/// <summary>
/// Reads the signature trailer the kernel's sign-file appends to a module: the PKCS#7 block, a 12-byte
/// <c>struct module_signature</c> (id_type 2 = PKCS#7, big-endian sig_len) and the magic
/// <c>"~Module signature appended~\n"</c>. File level only: no ELF parsing.
/// </summary>
public static class ModuleSignatureReader
{
    public const string Magic = "~Module signature appended~\n";
    private const int StructLength = 12;
    private const byte IdTypePkcs7 = 2;

    private static readonly Dictionary<string, string> DigestOids = new(StringComparer.Ordinal)
    {
        ["2.16.840.1.101.3.4.2.1"] = "sha256",
        ["2.16.840.1.101.3.4.2.2"] = "sha384",
        ["2.16.840.1.101.3.4.2.3"] = "sha512",
        ["2.16.840.1.101.3.4.2.4"] = "sha224",
        ["1.3.14.3.2.26"] = "sha1",
    };

    public static ModuleSignatureInfo Read(string modulePath)
    {
        using var file = File.OpenRead(modulePath);
        var magic = System.Text.Encoding.ASCII.GetBytes(Magic);
        if (file.Length < magic.Length + StructLength)
        {
            return ModuleSignatureInfo.Unsigned;
        }

        var tail = new byte[magic.Length + StructLength];
        file.Position = file.Length - tail.Length;
        file.ReadExactly(tail);
        if (!tail.AsSpan(StructLength).SequenceEqual(magic))
        {
            return ModuleSignatureInfo.Unsigned;
        }

        var idType = tail[2];
        var sigLength = BinaryPrimitives.ReadUInt32BigEndian(tail.AsSpan(8));
        if (idType != IdTypePkcs7)
        {
            return new(false, null, 0, $"the signature trailer has id_type {idType}, not PKCS#7 ({IdTypePkcs7})");
        }

        if (sigLength == 0 || sigLength > file.Length - tail.Length)
        {
            return new(false, null, 0, $"the signature trailer claims {sigLength} bytes of signature in a {file.Length}-byte file");
        }

        var pkcs7 = new byte[sigLength];
        file.Position = file.Length - tail.Length - sigLength;
        file.ReadExactly(pkcs7);
        return DigestOf(pkcs7) is { } hash
            ? new(true, hash, (int)sigLength, null)
            : new(false, null, (int)sigLength, "the signature block is not a PKCS#7 SignedData");
    }

    /// <summary>The digest algorithm of a CMS/PKCS#7 SignedData (its first digestAlgorithms entry), or null when it is not one.</summary>
    private static string? DigestOf(byte[] pkcs7)
    {
        try
        {
            var contentInfo = new AsnReader(pkcs7, AsnEncodingRules.BER).ReadSequence();
            if (contentInfo.ReadObjectIdentifier() != "1.2.840.113549.1.7.2")
            {
                return null;
            }

            var signedData = contentInfo.ReadSequence(new Asn1Tag(TagClass.ContextSpecific, 0, isConstructed: true)).ReadSequence();
            signedData.ReadInteger();
            var algorithm = signedData.ReadSetOf().ReadSequence().ReadObjectIdentifier();
            return DigestOids.GetValueOrDefault(algorithm, algorithm);
        }
        catch (AsnContentException)
        {
            return null;
        }
    }
}
