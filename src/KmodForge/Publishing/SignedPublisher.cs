using KmodForge.IO;
using KmodForge.Signing.Minisign;

namespace KmodForge.Publishing;

/// <summary>
/// Publishes a package with its minisign signature: the <c>.minisig</c> goes up first and the package and its
/// <c>.sha256</c> after it, so a package never counts as published without its signature. A package already published
/// with a signature keeps it; one published unsigned with these very bytes gets one; different bytes stay a conflict.
/// </summary>
public static class SignedPublisher
{
    public const string SignatureSuffix = ".minisig";

    /// <param name="key">The signing key; null publishes unsigned.</param>
    /// <param name="trustedComment">The signature's trusted comment (one line: file, driver, target, build id).</param>
    public static async Task<StoredPackage> PublishAsync(IReleaseStore store, string tag, string packagePath, MinisignSecretKey? key, string trustedComment, CancellationToken cancellationToken)
    {
        if (key is null)
        {
            return await store.PublishAsync(tag, packagePath, cancellationToken).ConfigureAwait(false);
        }

        var fileName = Path.GetFileName(packagePath);
        var existing = await store.FindAsync(tag, fileName, cancellationToken).ConfigureAwait(false);
        var keyId = existing?.SignatureKeyId;
        if (existing is null || (keyId is null && existing.Sha256 == await FileHashing.Sha256HexAsync(packagePath, cancellationToken).ConfigureAwait(false)))
        {
            var signature = MinisignSignature.Create(key, await Prehash.OfFileAsync(packagePath, cancellationToken).ConfigureAwait(false), trustedComment);
            await store.PutSignatureAsync(tag, fileName, signature.FileText, cancellationToken).ConfigureAwait(false);
            keyId = key.PublicKey.Id;
        }

        var published = await store.PublishAsync(tag, packagePath, cancellationToken).ConfigureAwait(false);
        return published with { SignatureKeyId = keyId };
    }

    /// <summary>The key id a <c>.minisig</c> names (unverified: for status and summaries), or null when it is not one.</summary>
    public static string? KeyIdOf(string signatureText) => MinisignSignature.TryParse(signatureText)?.KeyIdText;
}
