using System.Formats.Asn1;
using KmodForge.Modules;

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
/// Reads the signature trailer the kernel's sign-file appends to a module (parsed by <see cref="ModuleSignature"/>) and
/// the digest named in its PKCS#7 block. File level only: no ELF parsing.
/// </summary>
public static class ModuleSignatureReader
{
    public const string Magic = ModuleSignature.Magic;
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
        if (file.Length < ModuleSignature.TailLength)
        {
            return ModuleSignatureInfo.Unsigned;
        }

        var tail = new byte[ModuleSignature.TailLength];
        file.Position = file.Length - tail.Length;
        file.ReadExactly(tail);
        ModuleSignature? signature;
        try
        {
            signature = ModuleSignature.Read(tail, file.Length);
        }
        catch (InvalidDataException e)
        {
            return new(false, null, 0, $"the signature trailer is not usable: {e.Message}");
        }

        if (signature is null)
        {
            return ModuleSignatureInfo.Unsigned;
        }

        if (signature.IdType != IdTypePkcs7)
        {
            return new(false, null, 0, $"the signature trailer has id_type {signature.IdType}, not PKCS#7 ({IdTypePkcs7})");
        }

        if (signature.SignatureLength == 0)
        {
            return new(false, null, 0, "the signature trailer claims 0 bytes of signature");
        }

        var pkcs7 = new byte[signature.SignatureLength];
        file.Position = file.Length - tail.Length - pkcs7.Length;
        file.ReadExactly(pkcs7);
        return DigestOf(pkcs7) is { } hash
            ? new(true, hash, pkcs7.Length, null)
            : new(false, null, pkcs7.Length, "the signature block is not a PKCS#7 SignedData");
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
