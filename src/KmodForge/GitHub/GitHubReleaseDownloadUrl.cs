using System.Net;
using KmodForge.Net;

namespace KmodForge.GitHub;

/// <summary>
/// A release's public download URLs (<c>https://github.com/{owner}/{repo}/releases/download/{tag}/{asset}</c>, the
/// loader's URLs): reading them costs no REST request, so the store checks whether a package is published through them
/// before spending any of the token's budget. They answer 404 for a private repository (they do not take API tokens),
/// which the store treats as "not known", never as "not published".
/// </summary>
internal sealed class GitHubReleaseDownloadUrl(GitHubApi github)
{
    /// <summary>The web root for an API address: api.github.com → https://github.com/; a GitHub Enterprise host → its root.</summary>
    public static Uri WebRoot(string apiUrl)
    {
        var api = GitHubClientFactory.ApiBaseAddress(apiUrl);
        return api.Host == "api.github.com" ? new Uri("https://github.com/") : new Uri(api, "/");
    }

    public Uri For(string tag, string assetName) =>
        new(WebRoot(github.Settings.ApiUrl), $"{Uri.EscapeDataString(github.Owner)}/{Uri.EscapeDataString(github.Name)}/releases/download/{Uri.EscapeDataString(tag)}/{Uri.EscapeDataString(assetName)}");

    /// <summary>A small asset's text (a <c>.sha256</c>), or null when the URL answers 404.</summary>
    public async Task<string?> TryReadTextAsync(string tag, string assetName, CancellationToken cancellationToken)
    {
        using var response = await GetAsync(tag, assetName, cancellationToken).ConfigureAwait(false);
        if (response is null)
        {
            return null;
        }

        if (response.Content.Headers.ContentLength is > 64 * 1024)
        {
            throw new GitHubOperationException($"{For(tag, assetName)} is {response.Content.Headers.ContentLength} bytes; a checksum file is under 64 KiB.");
        }

        return await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>An asset's size without downloading its body, or null when the URL answers 404.</summary>
    public async Task<long?> TrySizeAsync(string tag, string assetName, CancellationToken cancellationToken)
    {
        using var response = await GetAsync(tag, assetName, cancellationToken).ConfigureAwait(false);
        return response is null ? null : response.Content.Headers.ContentLength ?? -1;
    }

    /// <summary>GET without the token (redirects to storage are followed); null on 404, an error on other failures.</summary>
    private async Task<HttpResponseMessage?> GetAsync(string tag, string assetName, CancellationToken cancellationToken)
    {
        var url = For(tag, assetName);
        HttpResponseMessage? response = null;
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, url);
            response = await github.Http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
            if (response.StatusCode == HttpStatusCode.NotFound)
            {
                response.Dispose();
                return null;
            }

            if (!response.IsSuccessStatusCode)
            {
                throw new GitHubOperationException($"GitHub answered HTTP {(int)response.StatusCode} for {RetryHandler.Redact(url)} (release {tag} of {github.Repository}).");
            }

            var ok = response;
            response = null;
            return ok;
        }
        catch (Exception e) when (e is HttpRequestException or TimeoutException)
        {
            throw new GitHubOperationException($"GitHub could not be reached for {RetryHandler.Redact(url)} (release {tag} of {github.Repository}): {e.Message}", e);
        }
        finally
        {
            response?.Dispose();
        }
    }
}
