using KmodForge.Errors;

namespace KmodForge.Signing.Minisign;

/// <summary>Why a package's signature was refused.</summary>
public enum SignatureRefusal
{
    /// <summary>No <c>.minisig</c> is published beside the package.</summary>
    Missing,

    /// <summary>Signed by a key that is not pinned.</summary>
    WrongKey,

    /// <summary>The package's bytes are not the ones that were signed.</summary>
    TamperedPackage,

    /// <summary>The signature file is not a minisign signature, or its signature or trusted comment was changed.</summary>
    TamperedSignature,

    /// <summary>The trusted comment names another file: a signed package renamed (to another kernel's name, say).</summary>
    OtherFile,
}

/// <summary>A package's signature was refused; the one-line message says which check failed.</summary>
public sealed class PackageSignatureException(SignatureRefusal refusal, string message) : KmodForgeException(message)
{
    public SignatureRefusal Refusal { get; } = refusal;
}

/// <summary>
/// The pinned public keys a package must be signed by (two during a key rotation). <see cref="Verify"/> checks, in
/// order: a signature is there, it is minisign's, its key is pinned, the global signature covers the signature and the
/// trusted comment, the file signature matches the package's bytes, and the trusted comment names this file.
/// </summary>
public sealed class TrustedKeys
{
    public TrustedKeys(IEnumerable<MinisignPublicKey> keys)
    {
        Keys = [.. keys];
        if (Keys.Count == 0)
        {
            throw new ArgumentException("at least one trusted key is needed", nameof(keys));
        }
    }

    public IReadOnlyList<MinisignPublicKey> Keys { get; }

    /// <summary>The key ids, for messages: <c>3F6E5D0C2A1B0908, 0011223344556677</c>.</summary>
    public string Ids => string.Join(", ", Keys.Select(k => k.Id));

    /// <summary>Reads each key of a comma- or newline-separated list: base64 lines, or paths of <c>.pub</c> files.</summary>
    public static TrustedKeys Parse(IEnumerable<string> values, string field) =>
        new(values.Select(v => v.Trim()).Where(v => v.Length > 0).Select(v =>
            File.Exists(v) ? MinisignPublicKey.Parse(File.ReadAllText(v), $"{field} ({Printable.Quote(v)})") : MinisignPublicKey.Parse(v, field)));

    /// <summary>The id of the key that signed the file, or a <see cref="PackageSignatureException"/> saying why not.</summary>
    /// <param name="fileName">The name the package was published under (what the trusted comment must name).</param>
    /// <param name="signatureText">The <c>.minisig</c> text, null when none is published.</param>
    /// <param name="prehash">The package's BLAKE2b-512 hash.</param>
    public string Verify(string fileName, string? signatureText, byte[] prehash)
    {
        var name = Printable.Quote(fileName);
        if (signatureText is null)
        {
            throw new PackageSignatureException(SignatureRefusal.Missing,
                $"refused {name}: it has no signature ({fileName}.minisig is not published); only packages signed by a trusted key are installed (--allow-unsigned turns this off)");
        }

        var signature = MinisignSignature.TryParse(signatureText)
            ?? throw new PackageSignatureException(SignatureRefusal.TamperedSignature, $"refused {name}: its signature file is not a minisign signature (damaged or altered)");
        var key = Keys.FirstOrDefault(k => k.KeyId.AsSpan().SequenceEqual(signature.KeyId))
            ?? throw new PackageSignatureException(SignatureRefusal.WrongKey, $"refused {name}: it is signed by key {signature.KeyIdText}, which is not a trusted key (trusted: {Ids})");
        if (!signature.GlobalSignatureVerifies(key))
        {
            throw new PackageSignatureException(SignatureRefusal.TamperedSignature, $"refused {name}: its signature or trusted comment was altered (the global signature of key {key.Id} does not match)");
        }

        if (!signature.FileSignatureVerifies(key, prehash))
        {
            throw new PackageSignatureException(SignatureRefusal.TamperedPackage, $"refused {name}: its bytes do not match its signature by key {key.Id}; the package was altered after signing");
        }

        var signedName = signature.TrustedField("file");
        if (!string.Equals(signedName, fileName, StringComparison.Ordinal))
        {
            throw new PackageSignatureException(SignatureRefusal.OtherFile,
                $"refused {name}: its signature's trusted comment names {Printable.Quote(signedName ?? "(no file)")}, another file (a signed package renamed)");
        }

        return key.Id;
    }
}
