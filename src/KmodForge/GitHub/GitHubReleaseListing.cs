using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using KmodForge.Naming;
using KmodForge.Net;
using KmodForge.Publishing;

namespace KmodForge.GitHub;

/// <summary>
/// Every published package of a repository in one paginated listing: <c>GET /repos/{owner}/{repo}/releases?per_page=100</c>
/// embeds each release's assets (name, state, size, download URL and, for assets uploaded since June 2025, GitHub's own
/// <c>digest</c>, <c>sha256:&lt;hex&gt;</c>). A package counts when it and its <c>.sha256</c> are both uploaded; its SHA-256
/// is the digest, else its <c>.sha256</c> read through the public download URL (no REST budget). So N packages in R
/// releases cost ⌈R / 100⌉ REST calls. Drafts are skipped. Requests go through the client's retry, timeout and
/// rate-limit handlers.
/// </summary>
internal sealed class GitHubReleaseListing(GitHubApi github)
{
    private const int PageSize = 100;

    /// <summary>Pages read at most (10,000 releases): a Link header that never ends is a fault, not a loop.</summary>
    private const int MaxPages = 100;

    private readonly GitHubReleaseDownloadUrl downloads = new(github);

    public async Task<IReadOnlyList<StoredPackage>> ListAsync(CancellationToken cancellationToken)
    {
        var packages = new List<StoredPackage>();
        var url = new Uri(GitHubClientFactory.ApiBaseAddress(github.Settings.ApiUrl), $"repos/{Uri.EscapeDataString(github.Owner)}/{Uri.EscapeDataString(github.Name)}/releases?per_page={PageSize}");
        for (var page = 1; url is not null; page++)
        {
            if (page > MaxPages)
            {
                throw new GitHubOperationException($"The releases of {github.Repository} run past {MaxPages} pages of {PageSize}; stopped listing them.");
            }

            var (releases, next) = await ReadPageAsync(url, cancellationToken).ConfigureAwait(false);
            foreach (var release in releases)
            {
                packages.AddRange(await PackagesOfAsync(release, cancellationToken).ConfigureAwait(false));
            }

            url = next;
        }

        return packages;
    }

    private async Task<IReadOnlyList<StoredPackage>> PackagesOfAsync(ListedRelease release, CancellationToken cancellationToken)
    {
        var uploaded = release.Assets.Where(a => a.State == "uploaded").ToDictionary(a => a.Name, StringComparer.Ordinal);
        var packages = new List<StoredPackage>();
        foreach (var asset in uploaded.Values.Where(a => !a.Name.EndsWith(".sha256", StringComparison.Ordinal) && !a.Name.EndsWith(SignedPublisher.SignatureSuffix, StringComparison.Ordinal)))
        {
            if (!uploaded.ContainsKey(GitHubAssetName.For(PackageNaming.ChecksumFileName(asset.Name))))
            {
                continue;
            }

            var sha = asset.Digest is { } digest && digest.StartsWith("sha256:", StringComparison.Ordinal) && digest.Length == 7 + 64
                ? digest[7..]
                : await ChecksumAsync(release.Tag, asset.Name, cancellationToken).ConfigureAwait(false);
            if (sha is not null)
            {
                packages.Add(new StoredPackage(release.Tag, asset.Name, asset.DownloadUrl, sha, asset.Size));
            }
        }

        return packages;
    }

    private async Task<string?> ChecksumAsync(string tag, string assetName, CancellationToken cancellationToken)
    {
        var text = await downloads.TryReadTextAsync(tag, GitHubAssetName.For(PackageNaming.ChecksumFileName(assetName)), cancellationToken).ConfigureAwait(false);
        if (text is null)
        {
            return null;
        }

        try
        {
            return IO.FileHashing.ParseChecksumLine(text);
        }
        catch (FormatException e)
        {
            throw new GitHubOperationException($"{assetName}.sha256 in release {tag} of {github.Repository} is not a checksum file: {e.Message}", e);
        }
    }

    private async Task<(IReadOnlyList<ListedRelease> Releases, Uri? Next)> ReadPageAsync(Uri url, CancellationToken cancellationToken)
    {
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, url);
            github.Authorize(request);
            request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/vnd.github+json"));
            using var response = await github.Http.SendAsync(request, HttpCompletionOption.ResponseContentRead, cancellationToken).ConfigureAwait(false);
            if (response.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden or HttpStatusCode.NotFound)
            {
                throw new GitHubOperationException(
                    $"GitHub answered HTTP {(int)response.StatusCode} listing the releases of {github.Repository}: the token needs {GitHubPermission.ContentsRead} on the repository (and the repository must exist).");
            }

            if (!response.IsSuccessStatusCode)
            {
                throw new GitHubOperationException($"GitHub answered HTTP {(int)response.StatusCode} listing the releases of {github.Repository} ({RetryHandler.Redact(url)}).");
            }

            await using var body = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
            using var document = await JsonDocument.ParseAsync(body, cancellationToken: cancellationToken).ConfigureAwait(false);
            return (Parse(document.RootElement), NextLink(response));
        }
        catch (Exception e) when (e is HttpRequestException or TimeoutException or JsonException or InvalidOperationException or KeyNotFoundException)
        {
            throw new GitHubOperationException($"Could not list the releases of {github.Repository} ({RetryHandler.Redact(url)}): {e.Message}", e);
        }
    }

    private static List<ListedRelease> Parse(JsonElement root) =>
        [.. root.EnumerateArray()
            .Where(r => !(r.TryGetProperty("draft", out var draft) && draft.ValueKind == JsonValueKind.True))
            .Select(r => new ListedRelease(r.GetProperty("tag_name").GetString()!, [.. r.GetProperty("assets").EnumerateArray().Select(a => new ListedAsset(
                a.GetProperty("name").GetString()!,
                a.GetProperty("state").GetString()!,
                a.GetProperty("size").GetInt64(),
                a.GetProperty("browser_download_url").GetString()!,
                a.TryGetProperty("digest", out var digest) && digest.ValueKind == JsonValueKind.String ? digest.GetString() : null))]))];

    /// <summary>The <c>rel="next"</c> page of GitHub's <c>Link</c> header, or null on the last page.</summary>
    internal static Uri? NextLink(HttpResponseMessage response)
    {
        if (!response.Headers.TryGetValues("Link", out var values))
        {
            return null;
        }

        foreach (var part in values.SelectMany(v => v.Split(',')))
        {
            var pieces = part.Split(';', StringSplitOptions.TrimEntries);
            if (pieces.Length >= 2 && pieces[1..].Contains("rel=\"next\"", StringComparer.Ordinal) && pieces[0] is ['<', .., '>'] link)
            {
                return new Uri(link[1..^1]);
            }
        }

        return null;
    }

    private sealed record ListedRelease(string Tag, IReadOnlyList<ListedAsset> Assets);

    private sealed record ListedAsset(string Name, string State, long Size, string DownloadUrl, string? Digest);
}
