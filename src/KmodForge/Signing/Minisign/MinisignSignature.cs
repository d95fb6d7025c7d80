using System.Text;
using Org.BouncyCastle.Crypto.Digests;

namespace KmodForge.Signing.Minisign;

/// <summary>
/// A minisign signature (<c>&lt;file&gt;.minisig</c>), algorithm <c>ED</c>: Ed25519 over the BLAKE2b-512 hash of the
/// file, and a global Ed25519 signature over that signature and the trusted comment, so the comment cannot be changed:
/// <code>
/// untrusted comment: &lt;free text&gt;
/// base64("ED" || key id[8] || signature[64])
/// trusted comment: &lt;text&gt;
/// base64(global signature[64])
/// </code>
/// </summary>
public sealed record MinisignSignature(byte[] KeyId, byte[] Signature, string TrustedComment, byte[] GlobalSignature, string UntrustedComment)
{
    private static readonly byte[] Prehashed = "ED"u8.ToArray();

    /// <summary>The key id as minisign prints it.</summary>
    public string KeyIdText => MinisignPublicKey.FormatId(KeyId);

    public string FileText =>
        $"untrusted comment: {UntrustedComment}\n{Convert.ToBase64String([.. Prehashed, .. KeyId, .. Signature])}\n" +
        $"trusted comment: {TrustedComment}\n{Convert.ToBase64String(GlobalSignature)}\n";

    /// <summary>The value of a <c>name:value</c> field of the trusted comment (fields are separated by tabs), or null.</summary>
    public string? TrustedField(string name) =>
        TrustedComment.Split('\t').Select(f => f.Trim()).FirstOrDefault(f => f.StartsWith(name + ":", StringComparison.Ordinal))?[(name.Length + 1)..];

    /// <summary>Signs a file's BLAKE2b-512 hash (<see cref="Prehash"/>) with <paramref name="key"/>.</summary>
    public static MinisignSignature Create(MinisignSecretKey key, byte[] prehash, string trustedComment)
    {
        if (trustedComment.Contains('\n', StringComparison.Ordinal) || trustedComment.Contains('\r', StringComparison.Ordinal))
        {
            throw new ArgumentException("a trusted comment is one line", nameof(trustedComment));
        }

        var signature = key.Sign(prehash);
        var global = key.Sign([.. signature, .. Encoding.UTF8.GetBytes(trustedComment)]);
        return new MinisignSignature(key.PublicKey.KeyId, signature, trustedComment, global, $"signature from minisign secret key {key.PublicKey.Id}");
    }

    /// <summary>Reads a <c>.minisig</c> file's text; null when it is not one (the caller says what that means).</summary>
    public static MinisignSignature? TryParse(string text)
    {
        var lines = text.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n');
        if (lines.Length < 4 || !lines[0].StartsWith("untrusted comment:", StringComparison.Ordinal) || !lines[2].StartsWith("trusted comment: ", StringComparison.Ordinal))
        {
            return null;
        }

        try
        {
            var body = Convert.FromBase64String(lines[1].Trim());
            var global = Convert.FromBase64String(lines[3].Trim());
            if (body.Length != 74 || global.Length != 64 || !body.AsSpan(0, 2).SequenceEqual(Prehashed))
            {
                return null;
            }

            return new MinisignSignature(body[2..10], body[10..], lines[2]["trusted comment: ".Length..], global, lines[0]["untrusted comment:".Length..].Trim());
        }
        catch (FormatException)
        {
            return null;
        }
    }

    /// <summary>Whether <paramref name="key"/> made the global signature over the signature and the trusted comment.</summary>
    public bool GlobalSignatureVerifies(MinisignPublicKey key) => key.Verifies([.. Signature, .. Encoding.UTF8.GetBytes(TrustedComment)], GlobalSignature);

    /// <summary>Whether <paramref name="key"/> signed the file whose BLAKE2b-512 hash is <paramref name="prehash"/>.</summary>
    public bool FileSignatureVerifies(MinisignPublicKey key, byte[] prehash) => key.Verifies(prehash, Signature);
}

/// <summary>The BLAKE2b-512 hash minisign signs ("ED"), computed while a file streams by.</summary>
public sealed class Prehash
{
    private readonly Blake2bDigest digest = new(512);

    public void Append(ReadOnlySpan<byte> data) => digest.BlockUpdate(data);

    public byte[] Finish()
    {
        var output = new byte[64];
        digest.DoFinal(output, 0);
        return output;
    }

    public static async Task<byte[]> OfFileAsync(string path, CancellationToken cancellationToken)
    {
        var hash = new Prehash();
        await using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 81920, useAsync: true);
        var buffer = new byte[81920];
        int read;
        while ((read = await stream.ReadAsync(buffer, cancellationToken).ConfigureAwait(false)) > 0)
        {
            hash.Append(buffer.AsSpan(0, read));
        }

        return hash.Finish();
    }
}
