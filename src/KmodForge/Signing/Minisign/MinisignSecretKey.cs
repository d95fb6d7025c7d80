using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using KmodForge.Errors;
using Org.BouncyCastle.Crypto.Digests;
using Org.BouncyCastle.Crypto.Generators;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Crypto.Signers;

namespace KmodForge.Signing.Minisign;

/// <summary>A signing key that cannot be used; the message never contains key material.</summary>
public sealed class SigningKeyException(string message) : InvalidInputException(message);

/// <summary>
/// A minisign secret key: <c>base64("Ed" || kdf || "B2" || salt[32] || opslimit[8] || memlimit[8] || key id[8] ||
/// secret key[64] || BLAKE2b-256 checksum[32])</c>. The last 104 bytes are XORed with an scrypt stream of the password
/// when kdf is <c>Sc</c> (<c>minisign -G</c>); kdf is two zero bytes for an unencrypted key (<c>minisign -G -W</c>, and
/// what <see cref="Generate"/> writes). Held in memory only; <see cref="Dispose"/> wipes it.
/// </summary>
public sealed class MinisignSecretKey : IDisposable
{
    private const int EncryptedLength = 8 + 64 + 32;
    private static readonly byte[] Scrypt = "Sc"u8.ToArray();
    private static readonly byte[] Blake2 = "B2"u8.ToArray();
    private readonly byte[] secret;

    private MinisignSecretKey(byte[] keyId, byte[] secret)
    {
        this.secret = secret;
        PublicKey = new MinisignPublicKey(keyId, secret[32..]);
    }

    public MinisignPublicKey PublicKey { get; }

    /// <summary>A new key pair from the system's random number generator.</summary>
    public static MinisignSecretKey Generate()
    {
        var seed = RandomNumberGenerator.GetBytes(32);
        var publicKey = new Ed25519PrivateKeyParameters(seed, 0).GeneratePublicKey().GetEncoded();
        return new MinisignSecretKey(RandomNumberGenerator.GetBytes(8), [.. seed, .. publicKey]);
    }

    /// <summary>Reads a minisign secret key file's text; <paramref name="password"/> is needed only for an encrypted key.</summary>
    public static MinisignSecretKey Parse(string text, string? password, string field)
    {
        var line = text.Split('\n').Select(l => l.Trim()).LastOrDefault(l => l.Length > 0 && !l.StartsWith("untrusted comment:", StringComparison.Ordinal));
        byte[] bytes;
        try
        {
            bytes = Convert.FromBase64String(line ?? string.Empty);
        }
        catch (FormatException)
        {
            throw NotAKey(field);
        }

        if (bytes.Length != 2 + 2 + 2 + 32 + 8 + 8 + EncryptedLength || !bytes.AsSpan(0, 2).SequenceEqual(MinisignPublicKey.Algorithm) || !bytes.AsSpan(4, 2).SequenceEqual(Blake2))
        {
            throw NotAKey(field);
        }

        var keyPart = bytes[(bytes.Length - EncryptedLength)..];
        if (bytes.AsSpan(2, 2).SequenceEqual(Scrypt))
        {
            if (string.IsNullOrEmpty(password))
            {
                throw new SigningKeyException($"{field}: the minisign secret key is encrypted (minisign -G); set KMODFORGE_PACKAGE_SIGNING_KEY_PASSWORD to its password, or use a key made with minisign -G -W");
            }

            var stream = DeriveStream(password, bytes[6..38], BinaryPrimitives.ReadUInt64LittleEndian(bytes.AsSpan(38, 8)), BinaryPrimitives.ReadUInt64LittleEndian(bytes.AsSpan(46, 8)), field);
            for (var i = 0; i < keyPart.Length; i++)
            {
                keyPart[i] ^= stream[i];
            }

            CryptographicOperations.ZeroMemory(stream);
        }
        else if (bytes[2] != 0 || bytes[3] != 0)
        {
            throw NotAKey(field);
        }

        var (keyId, secret, checksum) = (keyPart[..8], keyPart[8..72], keyPart[72..]);
        // minisign -G -W leaves the checksum zero; then the key must at least be a consistent Ed25519 pair.
        var unchecked_ = bytes[2] == 0 && checksum.All(b => b == 0);
        var consistent = new Ed25519PrivateKeyParameters(secret, 0).GeneratePublicKey().GetEncoded().AsSpan().SequenceEqual(secret.AsSpan(32));
        if (!consistent || (!unchecked_ && !CryptographicOperations.FixedTimeEquals(Checksum(keyId, secret), checksum)))
        {
            throw new SigningKeyException(bytes[2] == 0
                ? $"{field}: the minisign secret key's checksum does not match: the key file is damaged"
                : $"{field}: wrong password for the encrypted minisign secret key (KMODFORGE_PACKAGE_SIGNING_KEY_PASSWORD), or the key file is damaged");
        }

        CryptographicOperations.ZeroMemory(bytes);
        return new MinisignSecretKey(keyId, secret);
    }

    /// <summary>The unencrypted secret key file (the <c>minisign -G -W</c> layout); keep it only in a secret store or a 0600 file.</summary>
    public string FileText()
    {
        byte[] body = [.. MinisignPublicKey.Algorithm, 0, 0, .. Blake2, .. new byte[32 + 8 + 8], .. PublicKey.KeyId, .. secret, .. Checksum(PublicKey.KeyId, secret)];
        var text = $"untrusted comment: minisign secret key {PublicKey.Id} (unencrypted)\n{Convert.ToBase64String(body)}\n";
        CryptographicOperations.ZeroMemory(body);
        return text;
    }

    /// <summary>Ed25519 over <paramref name="message"/> with this key.</summary>
    internal byte[] Sign(ReadOnlySpan<byte> message)
    {
        var signer = new Ed25519Signer();
        signer.Init(true, new Ed25519PrivateKeyParameters(secret, 0));
        signer.BlockUpdate(message.ToArray(), 0, message.Length);
        return signer.GenerateSignature();
    }

    public void Dispose() => CryptographicOperations.ZeroMemory(secret);

    private static byte[] Checksum(byte[] keyId, byte[] secret)
    {
        var digest = new Blake2bDigest(256);
        digest.BlockUpdate(MinisignPublicKey.Algorithm, 0, 2);
        digest.BlockUpdate(keyId, 0, keyId.Length);
        digest.BlockUpdate(secret, 0, secret.Length);
        var output = new byte[32];
        digest.DoFinal(output, 0);
        return output;
    }

    /// <summary>libsodium's crypto_pwhash_scryptsalsa208sha256: its choice of N, r, p from opslimit and memlimit, then scrypt.</summary>
    private static byte[] DeriveStream(string password, byte[] salt, ulong opslimit, ulong memlimit, string field)
    {
        opslimit = Math.Max(opslimit, 32768);
        const int r = 8;
        int logN;
        int p;
        if (opslimit < memlimit / 32)
        {
            p = 1;
            var maxN = opslimit / (r * 4);
            logN = LogN(maxN);
        }
        else
        {
            var maxN = memlimit / (r * 128);
            logN = LogN(maxN);
            var maxrp = Math.Min((opslimit / 4) / (1UL << logN), 0x3fffffff);
            p = (int)(maxrp / r);
        }

        if (logN > 22 || p is < 1 or > 16)
        {
            throw new SigningKeyException($"{field}: the encrypted key asks for scrypt N=2^{logN}, p={p}, more than this tool allows (N up to 2^22, p up to 16)");
        }

        return SCrypt.Generate(Encoding.UTF8.GetBytes(password), salt, 1 << logN, r, p, EncryptedLength);
    }

    private static int LogN(ulong maxN)
    {
        var logN = 1;
        while (logN < 63 && (1UL << logN) <= maxN / 2)
        {
            logN++;
        }

        return logN;
    }

    private static SigningKeyException NotAKey(string field) =>
        new($"{field}: (secret) is not a minisign secret key; give the text of a key file made by minisign -G or the GenerateSigningKey task (key not shown)");
}
