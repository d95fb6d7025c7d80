using KmodForge.Errors;

namespace KmodForge.Publishing;

/// <summary>A package as it sits in a release store.</summary>
/// <param name="Tag">The release tag (see <see cref="Naming.PackageNaming.ReleaseTag"/>).</param>
/// <param name="FileName">The shared package file name (see <see cref="Naming.PackageNaming.FileName"/>).</param>
/// <param name="Location">Where it can be fetched: a local path or a download URL.</param>
/// <param name="Sha256">Lowercase hex SHA-256 of the package, as published in its <c>.sha256</c> file.</param>
/// <param name="Size">Size in bytes.</param>
public sealed record StoredPackage(string Tag, string FileName, string Location, string Sha256, long Size)
{
    /// <summary>The minisign key id of the <c>.minisig</c> published beside the package (not verified here), or null.</summary>
    public string? SignatureKeyId { get; init; }
}

/// <summary>
/// Where built packages are published, laid out by release tag with a <c>.sha256</c> beside each package. The local
/// directory store is the default; GitHub Releases is another implementation. Publishing is idempotent: publishing the
/// same bytes twice is a no-op, publishing different bytes under an existing name is an error, never a silent replace.
/// </summary>
public interface IReleaseStore
{
    /// <summary>A short description for logs, with no secrets: <c>local directory /srv/releases</c>.</summary>
    string Description { get; }

    /// <summary>The package if it is published (package and checksum both present), else null.</summary>
    Task<StoredPackage?> FindAsync(string tag, string fileName, CancellationToken cancellationToken);

    /// <summary>
    /// Every published package of every tag (package and checksum both present), in as few reads as the store allows
    /// (GitHub: one paginated listing of the releases with their assets). <see cref="StoredPackage.FileName"/> is the name
    /// the store keeps, which on GitHub is <c>GitHubAssetName.For</c> the published name; the signature key may be left unread (null).
    /// </summary>
    Task<IReadOnlyList<StoredPackage>> ListAsync(CancellationToken cancellationToken);

    /// <summary>Publishes a package file and its checksum under a tag, atomically (readers never see half a file).</summary>
    Task<StoredPackage> PublishAsync(string tag, string packagePath, CancellationToken cancellationToken);

    /// <summary>
    /// Writes (or replaces) the package's <c>.minisig</c>, atomically. <see cref="SignedPublisher"/> calls it before the
    /// package is published, and never for a package already published with a signature.
    /// </summary>
    Task PutSignatureAsync(string tag, string fileName, string signatureText, CancellationToken cancellationToken);

    /// <summary>Downloads a published package to a path and verifies its SHA-256 against the published checksum.</summary>
    Task<StoredPackage> DownloadAsync(string tag, string fileName, string destinationPath, CancellationToken cancellationToken);
}

/// <summary>A published file exists with different content than the one being published.</summary>
public sealed class ReleaseConflictException(string message) : KmodForgeException(message);

/// <summary>A downloaded package does not match its published checksum.</summary>
public sealed class ChecksumMismatchException(string message) : KmodForgeException(message);
