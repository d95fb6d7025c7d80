using System.Collections.Concurrent;
using KmodForge.IO;
using KmodForge.Naming;
using KmodForge.Publishing;
using Octokit;

namespace KmodForge.GitHub;

/// <summary>
/// Publishes packages to GitHub Releases: one release per tag (see <see cref="PackageNaming.ReleaseTag"/> and the
/// <c>release-tag-template</c> setting), the package and its <c>.sha256</c> as assets. Safe when many jobs publish at
/// once: a release or asset that another job created first is re-read and compared, never overwritten; the same bytes
/// are a no-op, different bytes a <see cref="ReleaseConflictException"/>. GitHub's caps (1,000 assets per release,
/// 2 GiB per asset) are checked before uploading.
/// </summary>
public sealed class GitHubReleaseStore(GitHubApi github) : IReleaseStore
{
    /// <summary>GitHub's limit of assets in one release.</summary>
    public const int MaxAssetsPerRelease = PackageNaming.MaxAssetsPerRelease;

    /// <summary>GitHub's limit on one asset: each file must be under 2 GiB.</summary>
    public const long MaxAssetBytes = 2L * 1024 * 1024 * 1024;

    private readonly GitHubReleaseAssets assets = new(github);
    private readonly GitHubReleaseDownloadUrl downloads = new(github);
    private readonly ConcurrentDictionary<string, Release?> known = new(StringComparer.Ordinal);

    public string Description => $"GitHub releases of {github.Repository} ({github.ApiHost})";

    public async Task<StoredPackage?> FindAsync(string tag, string fileName, CancellationToken cancellationToken)
    {
        // The release's download URLs first: free of the REST budget, and what the loader reads.
        if (await downloads.TryReadTextAsync(tag, GitHubAssetName.For(PackageNaming.ChecksumFileName(fileName)), cancellationToken).ConfigureAwait(false) is { } text
            && await downloads.TrySizeAsync(tag, GitHubAssetName.For(fileName), cancellationToken).ConfigureAwait(false) is { } size)
        {
            var signed = await downloads.TryReadTextAsync(tag, SignatureAsset(fileName), cancellationToken).ConfigureAwait(false);
            return new StoredPackage(tag, fileName, downloads.For(tag, GitHubAssetName.For(fileName)).ToString(), ParseChecksum(tag, fileName, text), size)
            {
                SignatureKeyId = signed is null ? null : SignedPublisher.KeyIdOf(signed),
            };
        }

        // Not there, or not public (a private repository): one API read, whose answer (the release and its assets) the
        // publish that usually follows reuses instead of reading again.
        var release = await assets.FindReleaseAsync(tag).ConfigureAwait(false);
        known[tag] = release;
        WarnIfShort(1 + ApiBudget.AssetsPerPackage, $"Publishing {fileName}");
        if (release is null)
        {
            return null;
        }

        var (package, checksum) = Pick(release.Assets, fileName);
        if (package is not { State: "uploaded" } || checksum is not { State: "uploaded" })
        {
            return null;
        }

        var sha = await ReadChecksumAsync(release, checksum, cancellationToken).ConfigureAwait(false);
        var signature = release.Assets.FirstOrDefault(a => a.Name == SignatureAsset(fileName) && a.State == "uploaded");
        var keyId = signature is null ? null : SignedPublisher.KeyIdOf(await assets.DownloadTextAsync(signature, cancellationToken).ConfigureAwait(false));
        return new StoredPackage(tag, fileName, package.BrowserDownloadUrl, sha, package.Size) { SignatureKeyId = keyId };
    }

    /// <summary>Every published package, from one paginated listing of the releases (see <see cref="GitHubReleaseListing"/>).</summary>
    public Task<IReadOnlyList<StoredPackage>> ListAsync(CancellationToken cancellationToken) =>
        new GitHubReleaseListing(github).ListAsync(cancellationToken);

    public async Task PutSignatureAsync(string tag, string fileName, string signatureText, CancellationToken cancellationToken)
    {
        // The release FindAsync read (kept for the publish that follows), else one read or create.
        var release = known.TryGetValue(tag, out var seen) && seen is not null ? seen : await assets.GetOrCreateReleaseAsync(tag, cancellationToken).ConfigureAwait(false);
        known[tag] = release;
        var name = SignatureAsset(fileName);
        var path = Path.Combine(Path.GetTempPath(), $"kmodforge-{Guid.NewGuid():N}.minisig");
        try
        {
            AtomicFile.WriteAllText(path, signatureText);
            for (var attempt = 1; ; attempt++)
            {
                var listing = attempt == 1 ? release.Assets : await assets.ListAssetsAsync(release).ConfigureAwait(false);
                var current = listing.FirstOrDefault(a => a.Name == name);
                if (current is { State: "uploaded" } && await assets.DownloadTextAsync(current, cancellationToken).ConfigureAwait(false) == signatureText)
                {
                    return;
                }

                if (current is not null)
                {
                    // A signature left by a publish that stopped before its package: ours replaces it.
                    await assets.DeleteAsync(current).ConfigureAwait(false);
                }

                if (await assets.UploadAsync(release, name, path, cancellationToken).ConfigureAwait(false) is not null || attempt >= 2)
                {
                    return;
                }
            }
        }
        finally
        {
            File.Delete(path);
        }
    }

    public async Task<StoredPackage> PublishAsync(string tag, string packagePath, CancellationToken cancellationToken)
    {
        var file = new FileInfo(packagePath);
        if (!file.Exists)
        {
            throw new FileNotFoundException($"Package to publish not found: {packagePath}", packagePath);
        }

        var fileName = file.Name;
        if (file.Length >= MaxAssetBytes)
        {
            throw new GitHubOperationException($"{fileName} is {file.Length:N0} bytes; GitHub release assets must be under 2 GiB ({MaxAssetBytes:N0} bytes). Publish it to another release store (--release-store=local).");
        }

        var sha = await FileHashing.Sha256HexAsync(packagePath, cancellationToken).ConfigureAwait(false);
        using var phase = github.Log.Phase($"Publish {fileName} to release {tag} of {github.Repository}");
        // The release as FindAsync read it (its asset list is embedded), else one read; a stale copy is safe: an upload
        // that another job made meanwhile answers 422 already_exists and is compared, never replaced.
        var release = known.TryRemove(tag, out var seen)
            ? seen ?? await assets.CreateReleaseAsync(tag, cancellationToken).ConfigureAwait(false)
            : await assets.GetOrCreateReleaseAsync(tag, cancellationToken).ConfigureAwait(false);
        var current = release.Assets;
        var (package, checksum) = Pick(current, fileName);

        var missing = (package is null ? 1 : 0) + (checksum is null ? 1 : 0);
        if (missing > 0 && current.Count + missing > MaxAssetsPerRelease)
        {
            throw new GitHubOperationException(
                $"Release {tag} of {github.Repository} has {current.Count} assets; GitHub allows {MaxAssetsPerRelease} per release, and {fileName} needs {missing} more. " +
                $"Shard releases with the release-tag-template setting (--release-tag-template / KMODFORGE_RELEASE_TAG_TEMPLATE; it gave '{tag}'), " +
                $"which by default gives one release per driver version, distribution, distro version and architecture ({PackageNaming.DefaultReleaseTagTemplate}, {PackageNaming.PackagesPerRelease} packages each); " +
                "beyond that, retire old kernels from kernels.json or release a new driver version (docs/github.md, \"Asset budget\"); the loader must use the same template.");
        }

        WarnIfShort(missing, $"Publishing {fileName}");
        if (checksum is not null)
        {
            // The published checksum decides: same bytes → nothing to do (after finishing the package if it is missing).
            await RequireSameAsync(release, checksum, fileName, sha, cancellationToken).ConfigureAwait(false);
        }

        if (package is { State: not "uploaded" })
        {
            // A half-finished upload (state "starter") blocks the name until it is removed.
            await assets.DeleteAsync(package).ConfigureAwait(false);
            package = null;
        }

        if (package is null)
        {
            package = await UploadOrCompareAsync(release, GitHubAssetName.For(fileName), packagePath, fileName, sha, cancellationToken).ConfigureAwait(false);
        }
        else if (checksum is null)
        {
            // The package is there without its checksum (a job stopped between the two uploads): check its bytes.
            await RequireSamePackageAsync(package, fileName, sha, cancellationToken).ConfigureAwait(false);
        }

        if (checksum is null)
        {
            var checksumPath = AtomicFile.TempPathBeside(packagePath + ".sha256");
            try
            {
                AtomicFile.WriteAllText(checksumPath, FileHashing.ChecksumLine(sha, fileName));
                await UploadOrCompareAsync(release, GitHubAssetName.For(PackageNaming.ChecksumFileName(fileName)), checksumPath, fileName, sha, cancellationToken).ConfigureAwait(false);
            }
            finally
            {
                File.Delete(checksumPath);
            }

            github.Log.Info($"Published {fileName} ({file.Length:N0} bytes, sha256 {sha}) to release {tag} of {github.Repository}");
        }
        else
        {
            github.Log.Info($"{fileName} is already published to release {tag} of {github.Repository} with the same sha256; nothing to do");
        }

        return new StoredPackage(tag, fileName, package.BrowserDownloadUrl, sha, file.Length);
    }

    public async Task<StoredPackage> DownloadAsync(string tag, string fileName, string destinationPath, CancellationToken cancellationToken)
    {
        var release = await assets.FindReleaseAsync(tag).ConfigureAwait(false)
            ?? throw new FileNotFoundException($"{github.Repository} has no release {tag}");
        var (package, checksum) = Pick(release.Assets, fileName);
        if (package is not { State: "uploaded" } || checksum is not { State: "uploaded" })
        {
            throw new FileNotFoundException($"Release {tag} of {github.Repository} has no published {fileName} (package and .sha256)");
        }

        var expected = await ReadChecksumAsync(release, checksum, cancellationToken).ConfigureAwait(false);
        var temp = AtomicFile.TempPathBeside(destinationPath);
        try
        {
            var actual = await assets.DownloadToFileAsync(package, temp, cancellationToken).ConfigureAwait(false);
            if (actual != expected)
            {
                throw new ChecksumMismatchException($"{fileName} from release {tag} of {github.Repository} has sha256 {actual}, but its .sha256 says {expected}; not installed.");
            }

            File.Move(temp, destinationPath, overwrite: true);
        }
        finally
        {
            File.Delete(temp);
        }

        return new StoredPackage(tag, fileName, package.BrowserDownloadUrl, expected, package.Size);
    }

    private static string SignatureAsset(string fileName) => GitHubAssetName.For(fileName + SignedPublisher.SignatureSuffix);

    private static (ReleaseAsset? Package, ReleaseAsset? Checksum) Pick(IReadOnlyList<ReleaseAsset> all, string fileName)
    {
        var packageName = GitHubAssetName.For(fileName);
        var checksumName = GitHubAssetName.For(PackageNaming.ChecksumFileName(fileName));
        return (all.FirstOrDefault(a => a.Name == packageName), all.FirstOrDefault(a => a.Name == checksumName));
    }

    /// <summary>Uploads; when another job got there first (422 already_exists), re-reads their asset and compares it to ours.</summary>
    private async Task<ReleaseAsset> UploadOrCompareAsync(Release release, string assetName, string path, string fileName, string sha, CancellationToken cancellationToken)
    {
        if (await assets.UploadAsync(release, assetName, path, cancellationToken).ConfigureAwait(false) is { } uploaded)
        {
            return uploaded;
        }

        var theirs = (await assets.ListAssetsAsync(release).ConfigureAwait(false)).FirstOrDefault(a => a.Name == assetName)
            ?? throw new GitHubOperationException($"GitHub said {assetName} already exists in release {release.TagName} of {github.Repository}, but it is not listed; retry the publish.");
        github.Log.Verbose($"{assetName} was uploaded by another job; comparing it with ours");
        if (assetName.EndsWith(".sha256", StringComparison.Ordinal))
        {
            await RequireSameAsync(release, theirs, fileName, sha, cancellationToken).ConfigureAwait(false);
        }
        else
        {
            await RequireSamePackageAsync(theirs, fileName, sha, cancellationToken).ConfigureAwait(false);
        }

        return theirs;
    }

    private async Task RequireSameAsync(Release release, ReleaseAsset checksum, string fileName, string sha, CancellationToken cancellationToken)
    {
        var published = await ReadChecksumAsync(release, checksum, cancellationToken).ConfigureAwait(false);
        if (published != sha)
        {
            throw Conflict($"release {release.TagName}", fileName, published, sha);
        }
    }

    private async Task RequireSamePackageAsync(ReleaseAsset package, string fileName, string sha, CancellationToken cancellationToken)
    {
        var temp = Path.Combine(Path.GetTempPath(), $"kmodforge-{Guid.NewGuid():N}.verify");
        try
        {
            var published = await assets.DownloadToFileAsync(package, temp, cancellationToken).ConfigureAwait(false);
            if (published != sha)
            {
                throw Conflict(package.BrowserDownloadUrl, fileName, published, sha);
            }
        }
        finally
        {
            File.Delete(temp);
        }
    }

    private async Task<string> ReadChecksumAsync(Release release, ReleaseAsset checksum, CancellationToken cancellationToken) =>
        ParseChecksum(release.TagName, checksum.Name, await assets.DownloadTextAsync(checksum, cancellationToken).ConfigureAwait(false));

    private string ParseChecksum(string tag, string name, string text)
    {
        try
        {
            return FileHashing.ParseChecksumLine(text);
        }
        catch (FormatException e)
        {
            throw new GitHubOperationException($"{name} in release {tag} of {github.Repository} is not a checksum file: {e.Message}", e);
        }
    }

    /// <summary>Warns, before spending them, when the token has fewer requests left than <paramref name="needed"/>.</summary>
    private void WarnIfShort(int needed, string what)
    {
        if (needed > 0 && github.LastRateBudget is { } budget && ApiBudget.Warning(what, needed, budget, DateTimeOffset.UtcNow) is { } warning)
        {
            github.Log.Warning(warning);
        }
    }

    private ReleaseConflictException Conflict(string where, string fileName, string published, string ours) =>
        new($"{fileName} is already published in {github.Repository} ({where}) with sha256 {published}, but this build's package has sha256 {ours}. " +
            "Published packages are never replaced: give the new build a new driver version, or delete the old asset deliberately.");
}
