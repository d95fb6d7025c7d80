using System.Buffers.Binary;
using System.Text;

namespace KmodForge.Modules;

/// <summary>
/// The appended signature of a signed module: the <c>struct module_signature</c> found before the trailer
/// <c>"~Module signature appended~\n"</c> (include/linux/module_signature.h). For PKCS#7 signatures (what
/// <c>scripts/sign-file</c> writes) algorithm, hash, signer and key id are 0: they live inside the PKCS#7 blob.
/// </summary>
/// <param name="Algorithm">algo: 0 for PKCS#7 (the signer's public-key algorithm is inside the blob).</param>
/// <param name="Hash">hash: 0 for PKCS#7.</param>
/// <param name="IdType">id_type: 0 PGP, 1 X.509, 2 PKCS#7.</param>
/// <param name="SignerLength">signer_len.</param>
/// <param name="KeyIdLength">key_id_len.</param>
/// <param name="SignatureLength">sig_len (big-endian on disk): bytes of signature data before the struct.</param>
public sealed record ModuleSignature(byte Algorithm, byte Hash, byte IdType, byte SignerLength, byte KeyIdLength, uint SignatureLength)
{
    /// <summary>The trailer every signed module ends with.</summary>
    public const string Magic = "~Module signature appended~\n";

    /// <summary>sizeof(struct module_signature): five u8, three pad bytes, a big-endian u32.</summary>
    public const int StructSize = 12;

    /// <summary>The bytes at the end of a file that hold the struct and the magic.</summary>
    public static int TailLength => StructSize + MagicBytes.Length;

    private static readonly byte[] MagicBytes = Encoding.ASCII.GetBytes(Magic);

    public string IdTypeName => IdType switch
    {
        0 => "PGP",
        1 => "X.509",
        2 => "PKCS#7",
        _ => $"unknown ({IdType})",
    };

    /// <summary>Bytes the signature adds to the end of the module: data, struct and magic.</summary>
    public long TrailerLength => SignatureLength + StructSize + MagicBytes.Length;

    /// <summary>True when the file ends with the signature magic.</summary>
    public static bool HasTrailer(ReadOnlySpan<byte> file) => file.EndsWith(MagicBytes);

    /// <summary>
    /// Reads the signature of a file that ends with the magic; null when it does not end with it. Throws
    /// <see cref="InvalidDataException"/> when the magic is there but the struct or the signature data does not fit.
    /// </summary>
    public static ModuleSignature? Read(ReadOnlySpan<byte> file) => Read(file, file.Length);

    /// <summary>As <see cref="Read(ReadOnlySpan{byte})"/> from the file's last bytes only (at least <see cref="TailLength"/>) and its length.</summary>
    public static ModuleSignature? Read(ReadOnlySpan<byte> end, long fileLength)
    {
        if (!HasTrailer(end))
        {
            return null;
        }

        var structEnd = end.Length - MagicBytes.Length;
        if (structEnd < StructSize)
        {
            throw new InvalidDataException("it ends with the module signature magic but is too short to hold struct module_signature");
        }

        var s = end.Slice(structEnd - StructSize, StructSize);
        var signature = new ModuleSignature(s[0], s[1], s[2], s[3], s[4], BinaryPrimitives.ReadUInt32BigEndian(s[8..]));
        if (signature.TrailerLength > fileLength)
        {
            throw new InvalidDataException(
                $"its module signature claims {signature.SignatureLength} bytes of signature data, more than the file holds ({fileLength} bytes)");
        }

        return signature;
    }

    public override string ToString() => $"{IdTypeName} signature, {SignatureLength} bytes";
}
