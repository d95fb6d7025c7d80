using System.Buffers.Binary;
using KmodForge.Errors;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Crypto.Signers;

namespace KmodForge.Signing.Minisign;

/// <summary>
/// A minisign public key: algorithm <c>Ed</c>, an 8-byte key id and the 32-byte Ed25519 key, written as
/// <c>base64("Ed" || key id || key)</c> after an untrusted comment line (the <c>.pub</c> file of <c>minisign -G</c>).
/// </summary>
public sealed class MinisignPublicKey
{
    internal static readonly byte[] Algorithm = "Ed"u8.ToArray();

    internal MinisignPublicKey(byte[] keyId, byte[] key)
    {
        KeyId = keyId;
        Key = key;
    }

    /// <summary>The key id as minisign stores it (8 bytes, little-endian).</summary>
    internal byte[] KeyId { get; }

    internal byte[] Key { get; }

    /// <summary>The key id as minisign prints it: 16 uppercase hex digits (<c>minisign public key 3F6E5D0C2A1B0908</c>).</summary>
    public string Id => FormatId(KeyId);

    /// <summary>The one line a setting or a systemd unit holds: <c>RWQ...</c>.</summary>
    public string Base64 => Convert.ToBase64String([.. Algorithm, .. KeyId, .. Key]);

    /// <summary>The <c>.pub</c> file's text, as <c>minisign -G</c> writes it.</summary>
    public string FileText => $"untrusted comment: minisign public key {Id}\n{Base64}\n";

    /// <summary>Reads a key from a <c>.pub</c> file's text or its bare base64 line.</summary>
    /// <param name="field">What to name in an error (a setting, a file).</param>
    public static MinisignPublicKey Parse(string text, string field)
    {
        var line = text.Split('\n').Select(l => l.Trim()).LastOrDefault(l => l.Length > 0 && !l.StartsWith("untrusted comment:", StringComparison.Ordinal));
        byte[] bytes;
        try
        {
            bytes = Convert.FromBase64String(line ?? string.Empty);
        }
        catch (FormatException)
        {
            throw Invalid(field, text);
        }

        if (bytes.Length != 42 || !bytes.AsSpan(0, 2).SequenceEqual(Algorithm))
        {
            throw Invalid(field, text);
        }

        return new MinisignPublicKey(bytes[2..10], bytes[10..]);
    }

    /// <summary>Whether <paramref name="signature"/> is a valid Ed25519 signature of <paramref name="message"/> by this key.</summary>
    internal bool Verifies(ReadOnlySpan<byte> message, byte[] signature)
    {
        var verifier = new Ed25519Signer();
        verifier.Init(false, new Ed25519PublicKeyParameters(Key, 0));
        verifier.BlockUpdate(message.ToArray(), 0, message.Length);
        return verifier.VerifySignature(signature);
    }

    internal static string FormatId(byte[] keyId) => BinaryPrimitives.ReadUInt64LittleEndian(keyId).ToString("X16", System.Globalization.CultureInfo.InvariantCulture);

    private static SigningKeyException Invalid(string field, string text) =>
        new($"{field}: {Printable.Quote(text, 120)} is not a minisign public key; give the base64 line of a minisign .pub file (RWQ..., 56 characters) or the file itself");
}
