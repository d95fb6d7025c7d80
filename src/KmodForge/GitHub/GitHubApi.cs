using System.Net.Http.Headers;
using KmodForge.Diagnostics;
using Octokit;

namespace KmodForge.GitHub;

/// <summary>
/// One repository's GitHub API: an Octokit client for API calls (request timeout), one for uploads (transfer timeout),
/// and a raw <see cref="HttpClient"/> for streaming downloads; all through the retry and rate-limit handlers.
/// Make it with <see cref="GitHubClientFactory.Connect"/>.
/// </summary>
public sealed class GitHubApi : IDisposable
{
    private readonly Octokit.Internal.HttpClientAdapter apiHttp;
    private readonly Octokit.Internal.HttpClientAdapter uploadHttp;
    private string? defaultBranch;

    internal GitHubApi(GitHubSettings settings, IBuildLog log)
    {
        (Owner, Name) = settings.Validate();
        Settings = settings;
        Log = log;
        apiHttp = GitHubClientFactory.CreateHttpAdapter(settings, log, settings.RequestTimeout);
        uploadHttp = GitHubClientFactory.CreateHttpAdapter(settings, log, settings.TransferTimeout);
        Client = GitHubClientFactory.CreateClient(settings, apiHttp, settings.RequestTimeout);
        UploadClient = GitHubClientFactory.CreateClient(settings, uploadHttp, settings.TransferTimeout);
        Http = new HttpClient(GitHubClientFactory.CreateHandler(settings, log, settings.TransferTimeout, followRedirects: true))
        {
            Timeout = Timeout.InfiniteTimeSpan,
        };
        Http.DefaultRequestHeaders.UserAgent.Add(new ProductInfoHeaderValue("kmodforge", "1.0"));
        Http.DefaultRequestHeaders.Add("X-GitHub-Api-Version", "2022-11-28");
        defaultBranch = settings.DefaultBranch;
    }

    public string Owner { get; }

    public string Name { get; }

    /// <summary><c>owner/name</c>.</summary>
    public string Repository => $"{Owner}/{Name}";

    public GitHubSettings Settings { get; }

    public IBuildLog Log { get; }

    public IGitHubClient Client { get; }

    public IGitHubClient UploadClient { get; }

    /// <summary>Raw HTTP (downloads). Add the token per request with <see cref="Authorize"/>; redirects drop it.</summary>
    public HttpClient Http { get; }

    /// <summary>The API host, for messages (no credentials).</summary>
    public string ApiHost => GitHubClientFactory.ApiBaseAddress(Settings.ApiUrl).Host;

    /// <summary>Adds the token to a raw request.</summary>
    public void Authorize(HttpRequestMessage request) =>
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", Settings.Token);

    /// <summary>The branch to target: the setting, else the repository's default branch (asked once).</summary>
    public async Task<string> DefaultBranchAsync()
    {
        if (defaultBranch is null)
        {
            var repository = await GitHubErrors.Guard(() => Client.Repository.Get(Owner, Name), this, "read the repository", GitHubPermission.ContentsRead).ConfigureAwait(false);
            defaultBranch = repository.DefaultBranch;
        }

        return defaultBranch;
    }

    /// <summary>The REST budget GitHub reported with the last API answer (<c>x-ratelimit-*</c>), or null before any.</summary>
    public RateBudget? LastRateBudget =>
        Client.GetLastApiInfo()?.RateLimit is { Limit: > 0 } r ? new RateBudget(r.Limit, r.Remaining, r.Reset) : null;

    /// <summary>
    /// The token's core REST budget from <c>GET /rate_limit</c> (which GitHub does not count), or null when it cannot be
    /// read: the budget only serves warnings, so failing to read it never fails a run.
    /// </summary>
    public async Task<RateBudget?> ReadRateBudgetAsync(CancellationToken cancellationToken)
    {
        try
        {
            cancellationToken.ThrowIfCancellationRequested();
            var core = (await Client.RateLimit.GetRateLimits().ConfigureAwait(false)).Resources.Core;
            return new RateBudget(core.Limit, core.Remaining, core.Reset);
        }
        catch (Exception e) when (e is ApiException or HttpRequestException or TimeoutException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            Log.Verbose($"Could not read the rate limit of {Repository}: {e.Message}");
            return null;
        }
    }

    public void Dispose()
    {
        Http.Dispose();
        apiHttp.Dispose();
        uploadHttp.Dispose();
    }
}
