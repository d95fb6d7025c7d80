using System.Security.Cryptography;
using KmodForge.IO;
using KmodForge.Naming;
using KmodForge.Storage;

namespace KmodForge.Publishing;

/// <summary>
/// A release store in a local directory: <c>&lt;root&gt;/&lt;tag&gt;/&lt;file&gt;</c> with <c>&lt;file&gt;.sha256</c> beside it
/// (sha256sum format) and, when signed, <c>&lt;file&gt;.minisig</c>. The package is moved into place before its checksum, so a package counts as published only once
/// both exist; both writes are atomic. Publishing identical bytes again is a no-op; different bytes are a conflict.
/// </summary>
public sealed class LocalDirectoryReleaseStore(string root) : IReleaseStore
{
    public string Root { get; } = Path.GetFullPath(root);

    public string Description => $"local directory {Root}";

    public async Task<StoredPackage?> FindAsync(string tag, string fileName, CancellationToken cancellationToken)
    {
        var (package, checksum) = Paths(tag, fileName);
        if (!File.Exists(package) || !File.Exists(checksum))
        {
            return null;
        }

        var sha = FileHashing.ParseChecksumLine(await File.ReadAllTextAsync(checksum, cancellationToken).ConfigureAwait(false));
        var signature = package + SignedPublisher.SignatureSuffix;
        var keyId = File.Exists(signature) ? SignedPublisher.KeyIdOf(await File.ReadAllTextAsync(signature, cancellationToken).ConfigureAwait(false)) : null;
        return new StoredPackage(tag, fileName, package, sha, new FileInfo(package).Length) { SignatureKeyId = keyId };
    }

    public async Task<IReadOnlyList<StoredPackage>> ListAsync(CancellationToken cancellationToken)
    {
        var packages = new List<StoredPackage>();
        if (!Directory.Exists(Root))
        {
            return packages;
        }

        foreach (var directory in Directory.EnumerateDirectories(Root).Order(StringComparer.Ordinal))
        {
            var tag = Path.GetFileName(directory);
            foreach (var checksum in Directory.EnumerateFiles(directory, "*.sha256").Order(StringComparer.Ordinal))
            {
                var package = checksum[..^".sha256".Length];
                if (StoreNames.Problem(tag) is null && StoreNames.Problem(Path.GetFileName(package)) is null && File.Exists(package)
                    && await FindAsync(tag, Path.GetFileName(package), cancellationToken).ConfigureAwait(false) is { } stored)
                {
                    packages.Add(stored);
                }
            }
        }

        return packages;
    }

    public Task PutSignatureAsync(string tag, string fileName, string signatureText, CancellationToken cancellationToken)
    {
        var (package, _) = Paths(tag, fileName);
        Directory.CreateDirectory(Path.GetDirectoryName(package)!);
        AtomicFile.WriteAllText(package + SignedPublisher.SignatureSuffix, signatureText);
        return Task.CompletedTask;
    }

    public async Task<StoredPackage> PublishAsync(string tag, string packagePath, CancellationToken cancellationToken)
    {
        var fileName = Path.GetFileName(packagePath);
        var (package, checksum) = Paths(tag, fileName);
        var sha = await FileHashing.Sha256HexAsync(packagePath, cancellationToken).ConfigureAwait(false);

        var existing = await FindAsync(tag, fileName, cancellationToken).ConfigureAwait(false);
        if (existing is not null && existing.Sha256 != sha)
        {
            throw new ReleaseConflictException(
                $"{tag}/{fileName} is already published in {Description} with SHA-256 {existing.Sha256}; the new file has {sha}. " +
                "Published packages are never replaced: publish under a new driver version, or delete the old one deliberately.");
        }

        if (existing is not null && await FileHashing.Sha256HexAsync(package, cancellationToken).ConfigureAwait(false) == sha)
        {
            return existing;
        }

        // Not published yet, or published with these very bytes but the stored copy no longer matches its checksum
        // (damaged): write the package, then the checksum that makes it count as published.
        await AtomicFile.WriteAsync(package, async (stream, ct) =>
        {
            await using var source = new FileStream(packagePath, FileMode.Open, FileAccess.Read, FileShare.Read, 81920, useAsync: true);
            await source.CopyToAsync(stream, ct).ConfigureAwait(false);
        }, cancellationToken).ConfigureAwait(false);
        AtomicFile.WriteAllText(checksum, FileHashing.ChecksumLine(sha, fileName));
        return new StoredPackage(tag, fileName, package, sha, new FileInfo(package).Length);
    }

    public async Task<StoredPackage> DownloadAsync(string tag, string fileName, string destinationPath, CancellationToken cancellationToken)
    {
        var stored = await FindAsync(tag, fileName, cancellationToken).ConfigureAwait(false)
            ?? throw new FileNotFoundException($"{tag}/{fileName} is not published in {Description}");

        await AtomicFile.WriteAsync(destinationPath, async (stream, ct) =>
        {
            string actual;
            await using (var source = new FileStream(stored.Location, FileMode.Open, FileAccess.Read, FileShare.Read, 81920, useAsync: true))
            {
                (actual, _) = await HashingCopy.CopyAsync(source, stream, HashAlgorithmName.SHA256, ct).ConfigureAwait(false);
            }

            if (actual != stored.Sha256)
            {
                // Thrown inside the write, so the bad copy is deleted and never appears at the destination.
                throw new ChecksumMismatchException(
                    $"{tag}/{fileName} from {Description} has SHA-256 {actual}, but its published checksum is {stored.Sha256}; the file is corrupt or was altered, and was not saved to {destinationPath}");
            }
        }, cancellationToken).ConfigureAwait(false);
        return stored;
    }

    private (string Package, string Checksum) Paths(string tag, string fileName)
    {
        StoreNames.RequireSafeName("tag", tag);
        StoreNames.RequireSafeName("file name", fileName);
        var package = Path.Combine(Root, tag, fileName);
        return (package, Path.Combine(Root, tag, PackageNaming.ChecksumFileName(fileName)));
    }
}
