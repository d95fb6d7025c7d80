using KmodForge.Diagnostics;
using KmodForge.Net;
using Octokit;
using Octokit.Internal;

namespace KmodForge.GitHub;

/// <summary>
/// Builds Octokit clients whose HTTP goes through KmodForge's handlers: <see cref="GitHubRateLimitHandler"/> (waits out
/// rate limits) over <see cref="RetryHandler"/> (per-attempt timeout, retries with backoff on 5xx, timeouts and
/// connection errors) over a pooled <see cref="SocketsHttpHandler"/>. The token goes only into Octokit's credentials;
/// nothing here logs it.
/// </summary>
public static class GitHubClientFactory
{
    public static readonly ProductHeaderValue Product = new("kmodforge");

    /// <summary>Connects to the repository the settings name (validating them first).</summary>
    public static GitHubApi Connect(GitHubSettings settings, IBuildLog log) => new(settings, log);

    /// <summary>An Octokit client for the API address in the settings.</summary>
    /// <param name="attemptTimeout">The per-attempt timeout (API calls use the request timeout; uploads the transfer timeout).</param>
    public static GitHubClient CreateClient(GitHubSettings settings, IBuildLog log, TimeSpan attemptTimeout) =>
        CreateClient(settings, CreateHttpAdapter(settings, log, attemptTimeout), attemptTimeout);

    /// <summary>Octokit's HTTP client over KmodForge's handler chain (dispose it with the client's owner).</summary>
    public static HttpClientAdapter CreateHttpAdapter(GitHubSettings settings, IBuildLog log, TimeSpan attemptTimeout) =>
        new(() => CreateHandler(settings, log, attemptTimeout, followRedirects: false));

    /// <summary>An Octokit client over <paramref name="http"/>, for the API address and token in the settings.</summary>
    public static GitHubClient CreateClient(GitHubSettings settings, IHttpClient http, TimeSpan attemptTimeout)
    {
        var connection = new Connection(Product, ApiBaseAddress(settings.ApiUrl), new InMemoryCredentialStore(new Credentials(settings.Token)),
            http, new SimpleJsonSerializer());
        var client = new GitHubClient(connection);
        client.SetRequestTimeout(attemptTimeout * Math.Max(1, settings.MaxAttempts) + settings.MaxRateLimitWait);
        return client;
    }

    /// <summary>
    /// The handler chain. With <paramref name="followRedirects"/> (raw downloads), redirects are followed by .NET, which
    /// drops the Authorization header on the way, as signed storage URLs require.
    /// </summary>
    public static HttpMessageHandler CreateHandler(GitHubSettings settings, IBuildLog log, TimeSpan attemptTimeout, bool followRedirects)
    {
        var sockets = new SocketsHttpHandler
        {
            PooledConnectionLifetime = TimeSpan.FromMinutes(5),
            ConnectTimeout = TimeSpan.FromSeconds(30),
            AllowAutoRedirect = followRedirects,
            MaxAutomaticRedirections = 5,
            AutomaticDecompression = System.Net.DecompressionMethods.GZip,
        };
        var retry = new RetryHandler(sockets, new RetryOptions
        {
            MaxAttempts = settings.MaxAttempts,
            AttemptTimeout = attemptTimeout,
            BaseDelay = settings.RetryBaseDelay,
            MaxDelay = TimeSpan.FromSeconds(30),
        }, log);
        return new GitHubRateLimitHandler(retry, settings.MaxRateLimitWait, log);
    }

    /// <summary>
    /// The REST API root Octokit needs, as Octokit's own GitHub Enterprise handling computes it: api.github.com (or
    /// github.com) → https://api.github.com/; any other host → its <c>/api/v3/</c> (kept when already given).
    /// </summary>
    public static Uri ApiBaseAddress(string apiUrl)
    {
        var uri = new Uri(apiUrl, UriKind.Absolute);
        if (uri.Host is "github.com" or "api.github.com")
        {
            return GitHubClient.GitHubApiUrl;
        }

        return new Uri(uri, "/api/v3/");
    }
}
