using System.Buffers.Binary;
using System.Text;
using KmodForge.Modules;

namespace KmodForge.Tests.Modules;

/// <summary>Appends a module signature trailer as scripts/sign-file lays it out (PKCS#7: algo, hash, signer, key id all 0).</summary>
public static class SyntheticSignature
{
    public static byte[] Append(byte[] module, int signatureLength)
    {
        var trailer = new byte[signatureLength + ModuleSignature.StructSize];
        new Random(42).NextBytes(trailer.AsSpan(0, signatureLength));
        var s = trailer.AsSpan(signatureLength);
        s[2] = 2; // id_type PKEY_ID_PKCS7
        BinaryPrimitives.WriteUInt32BigEndian(s[8..], (uint)signatureLength);
        return [.. module, .. trailer, .. Encoding.ASCII.GetBytes(ModuleSignature.Magic)];
    }
}
