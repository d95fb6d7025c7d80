using System.Net.Http.Headers;
using System.Security.Cryptography;
using KmodForge.IO;
using KmodForge.Net;
using Octokit;

namespace KmodForge.GitHub;

/// <summary>
/// The release and asset operations <see cref="GitHubReleaseStore"/> is built from: get or create a release by tag
/// (a release created by another job meanwhile is re-read), list every asset (paginated), upload (retried after
/// checking what the failed attempt left), and stream an asset to a file or memory while hashing it.
/// </summary>
internal sealed class GitHubReleaseAssets(GitHubApi github)
{
    private IReleasesClient Releases => github.Client.Repository.Release;

    /// <param name="permission">The permission named if the token is refused (publishing needs write, reading read).</param>
    public async Task<Release?> FindReleaseAsync(string tag, string permission = GitHubPermission.ContentsRead) =>
        await GitHubErrors.Guard(async () =>
        {
            try
            {
                return await Releases.Get(github.Owner, github.Name, tag).ConfigureAwait(false);
            }
            catch (NotFoundException)
            {
                return null;
            }
        }, github, $"read release {tag}", permission).ConfigureAwait(false);

    public async Task<Release> GetOrCreateReleaseAsync(string tag, CancellationToken cancellationToken)
    {
        if (await FindReleaseAsync(tag, GitHubPermission.ContentsWrite).ConfigureAwait(false) is { } existing)
        {
            return existing;
        }

        return await CreateReleaseAsync(tag, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Creates a release that was just seen missing; if another job created it meanwhile, reads theirs.</summary>
    public async Task<Release> CreateReleaseAsync(string tag, CancellationToken cancellationToken)
    {
        try
        {
            var created = await GitHubErrors.Guard(() => Releases.Create(github.Owner, github.Name, new NewRelease(tag)
            {
                Name = tag,
                Body = $"Kernel module packages for driver {tag}, one per distribution, distro version, architecture and kernel, each with a .sha256 beside it. Published by KmodForge.",
                Draft = false,
                Prerelease = false,
            }), github, $"create release {tag}", GitHubPermission.ContentsWrite).ConfigureAwait(false);
            github.Log.Info($"Created release {tag} in {github.Repository}");
            return created;
        }
        catch (ApiValidationException e) when (GitHubErrors.IsAlreadyExists(e))
        {
            // Another job created it between our read and our create: use theirs (reads may lag the create briefly).
            for (var attempt = 1; ; attempt++)
            {
                if (await FindReleaseAsync(tag).ConfigureAwait(false) is { } theirs)
                {
                    github.Log.Verbose($"Release {tag} was created by another job; using it");
                    return theirs;
                }

                if (attempt >= github.Settings.MaxAttempts)
                {
                    throw new GitHubOperationException($"GitHub says release {tag} already exists in {github.Repository}, but it cannot be read (a draft release with that tag?). Publish or delete the draft.", e);
                }

                await Task.Delay(github.Settings.RetryBaseDelay * attempt, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    public Task<IReadOnlyList<ReleaseAsset>> ListAssetsAsync(Release release) =>
        GitHubErrors.Guard(() => Releases.GetAllAssets(github.Owner, github.Name, release.Id, new ApiOptions { PageSize = 100 }),
            github, $"list the assets of release {release.TagName}", GitHubPermission.ContentsRead);

    /// <summary>
    /// Uploads a file as an asset. Returns null when GitHub answers 422 already_exists (someone else uploaded it: the
    /// caller re-reads and compares). A failed attempt (5xx, timeout, dropped connection) is retried after removing any
    /// half-uploaded asset it left (state <c>starter</c>); if a complete asset of that name appeared, null is returned.
    /// </summary>
    public async Task<ReleaseAsset?> UploadAsync(Release release, string assetName, string path, CancellationToken cancellationToken)
    {
        var contentType = GitHubAssetName.ContentType(assetName);
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await using var stream = new FileStream(path, System.IO.FileMode.Open, FileAccess.Read, FileShare.Read, 81920, useAsync: true);
                var upload = new ReleaseAssetUpload(assetName, contentType, stream, github.Settings.TransferTimeout);
                return await GitHubErrors.Guard(() => github.UploadClient.Repository.Release.UploadAsset(release, upload, cancellationToken),
                    github, $"upload {assetName} to release {release.TagName}", GitHubPermission.ContentsWrite).ConfigureAwait(false);
            }
            catch (ApiValidationException e) when (GitHubErrors.IsAlreadyExists(e))
            {
                return null;
            }
            catch (Exception e) when (RetryDelay(Cause(e), attempt) is { } delay
                && attempt < github.Settings.MaxAttempts && !cancellationToken.IsCancellationRequested)
            {
                github.Log.Warning($"Upload of {assetName} failed ({GitHubErrors.Message(Cause(e))}); retry {attempt}/{github.Settings.MaxAttempts - 1} in {delay.TotalSeconds:0.#} s");
                await Task.Delay(delay, cancellationToken).ConfigureAwait(false);
                var left = (await ListAssetsAsync(release).ConfigureAwait(false)).FirstOrDefault(a => a.Name == assetName);
                if (left is { State: "uploaded" })
                {
                    return null;
                }

                if (left is not null)
                {
                    await DeleteAsync(left).ConfigureAwait(false);
                }
            }
        }
    }

    /// <summary>Removes an incomplete asset (state <c>starter</c>) so its name can be uploaded again.</summary>
    public Task DeleteAsync(ReleaseAsset asset)
    {
        github.Log.Warning($"Removing the incomplete asset {asset.Name} (state {asset.State}) left by a failed upload");
        return GitHubErrors.Guard(() => Releases.DeleteAsset(github.Owner, github.Name, asset.Id),
            github, $"remove the incomplete asset {asset.Name}", GitHubPermission.ContentsWrite);
    }

    /// <summary>Streams an asset to <paramref name="destinationPath"/> (atomically) and returns its SHA-256.</summary>
    public async Task<string> DownloadToFileAsync(ReleaseAsset asset, string destinationPath, CancellationToken cancellationToken)
    {
        string? sha = null;
        await AtomicFile.WriteAsync(destinationPath, async (file, ct) => sha = await DownloadAsync(asset, file, ct).ConfigureAwait(false), cancellationToken).ConfigureAwait(false);
        return sha!;
    }

    /// <summary>Reads a small asset (a .sha256) as text.</summary>
    public async Task<string> DownloadTextAsync(ReleaseAsset asset, CancellationToken cancellationToken)
    {
        if (asset.Size > 64 * 1024)
        {
            throw new GitHubOperationException($"Asset {asset.Name} is {asset.Size} bytes; a checksum file is under 64 KiB.");
        }

        using var memory = new MemoryStream();
        await DownloadAsync(asset, memory, cancellationToken).ConfigureAwait(false);
        return System.Text.Encoding.UTF8.GetString(memory.ToArray());
    }

    /// <summary>
    /// GETs the asset's API URL with <c>Accept: application/octet-stream</c> and the token; GitHub redirects to signed
    /// storage, and .NET drops the token on that redirect. The body is hashed as it is written.
    /// </summary>
    private async Task<string> DownloadAsync(ReleaseAsset asset, Stream destination, CancellationToken cancellationToken)
    {
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, asset.Url);
            request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/octet-stream"));
            github.Authorize(request);
            using var response = await github.Http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
            if (!response.IsSuccessStatusCode)
            {
                var permission = (int)response.StatusCode is 401 or 403 ? $"; the token needs '{GitHubPermission.ContentsRead}'" : string.Empty;
                throw new GitHubOperationException($"GitHub could not download asset {asset.Name} from {github.Repository}: HTTP {(int)response.StatusCode} from {RetryHandler.Redact(response.RequestMessage?.RequestUri)}{permission}.");
            }

            using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            await using var body = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
            var buffer = new byte[81920];
            long total = 0;
            int read;
            while ((read = await body.ReadAsync(buffer, cancellationToken).ConfigureAwait(false)) > 0)
            {
                hash.AppendData(buffer, 0, read);
                await destination.WriteAsync(buffer.AsMemory(0, read), cancellationToken).ConfigureAwait(false);
                total += read;
                github.Log.Progress(asset.Name, total, asset.Size);
            }

            if (total != asset.Size)
            {
                throw new GitHubOperationException($"Download of {asset.Name} from {github.Repository} ended after {total} of {asset.Size} bytes.");
            }

            return Convert.ToHexStringLower(hash.GetHashAndReset());
        }
        catch (HttpRequestException e)
        {
            throw new GitHubOperationException($"GitHub could not download asset {asset.Name} from {github.Repository}: {e.Message}", e);
        }
        catch (TimeoutException e)
        {
            throw new GitHubOperationException($"GitHub could not download asset {asset.Name} from {github.Repository}: {e.Message}", e);
        }
    }

    /// <summary>
    /// How long to wait before retrying an upload that failed with <paramref name="e"/>, or null when it must not be
    /// retried: backoff for 5xx, timeouts and connection errors; until the reset for a rate limit that resets soon
    /// enough (an upload's stream cannot be replayed by the handlers, so the store waits itself).
    /// </summary>
    private static Exception Cause(Exception e) => e is GitHubOperationException { InnerException: { } inner } ? inner : e;

    private TimeSpan? RetryDelay(Exception e, int attempt)
    {
        if (e is RateLimitExceededException limit)
        {
            var wait = limit.Reset - DateTimeOffset.UtcNow + TimeSpan.FromSeconds(1);
            return wait <= github.Settings.MaxRateLimitWait ? (wait < TimeSpan.Zero ? TimeSpan.Zero : wait) : null;
        }

        var transient = e is HttpRequestException or TimeoutException or TaskCanceledException or SecondaryRateLimitExceededException
            || e is ApiException { StatusCode: var s } && ((int)s >= 500 || s == System.Net.HttpStatusCode.TooManyRequests);
        return transient ? new RetryOptions { BaseDelay = github.Settings.RetryBaseDelay }.DelayFor(attempt) : null;
    }
}
