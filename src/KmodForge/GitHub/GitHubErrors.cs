using System.Net;
using KmodForge.Errors;
using KmodForge.Net;
using Octokit;

namespace KmodForge.GitHub;

/// <summary>The repository permissions KmodForge's GitHub calls need, as workflow <c>permissions:</c> spell them.</summary>
public static class GitHubPermission
{
    public const string ContentsRead = "contents: read";
    public const string ContentsWrite = "contents: write";
    public const string PullRequestsWrite = "pull-requests: write";
    public const string ActionsRead = "actions: read";
    public const string ActionsWrite = "actions: write";
    public const string ChecksRead = "checks: read";
}

/// <summary>A GitHub call failed in a way a person must fix (token, permission, rate limit, outage); the message says how.</summary>
public sealed class GitHubOperationException(string message, Exception? inner = null) : KmodForgeException(message, inner);

/// <summary>Turns Octokit's and the HTTP stack's failures into one actionable message; never includes the token.</summary>
public static class GitHubErrors
{
    /// <summary>
    /// Runs a GitHub call. Not-found and validation errors pass through (callers decide what they mean); credentials,
    /// permissions, rate limits, server errors and timeouts become a <see cref="GitHubOperationException"/> saying what
    /// was being done, in which repository, and what to change.
    /// </summary>
    public static async Task<T> Guard<T>(Func<Task<T>> call, GitHubApi github, string action, string permission)
    {
        try
        {
            return await call().ConfigureAwait(false);
        }
        catch (Exception e) when (Describe(e, github, action, permission) is { } message)
        {
            Diagnostics.ClientCallMetrics.GitHubFailed(action);
            throw new GitHubOperationException(message, e);
        }
    }

    public static Task Guard(Func<Task> call, GitHubApi github, string action, string permission) =>
        Guard(async () =>
        {
            await call().ConfigureAwait(false);
            return true;
        }, github, action, permission);

    /// <summary>The message for a failure, or null when it is not one <see cref="Guard{T}"/> translates.</summary>
    public static string? Describe(Exception e, GitHubApi github, string action, string permission)
    {
        var where = $"GitHub could not {action} in {github.Repository} ({github.ApiHost})";
        return e switch
        {
            AuthorizationException => $"{where}: 401 {Message(e)}. The token was rejected: set a valid token in GITHUB_TOKEN or --github-token; it needs '{permission}'.",
            RateLimitExceededException r => $"{where}: the API rate limit is used up until {r.Reset:u} (waiting is capped by --github-max-rate-limit-wait, now {github.Settings.MaxRateLimitWait.TotalSeconds:0} s).",
            SecondaryRateLimitExceededException => $"{where}: a secondary rate limit still applies after waiting; retry later or spread the jobs out.",
            ForbiddenException f => $"{where}: 403 {Message(e)}. The token lacks the '{Accepted(f, permission)}' permission: add it to the workflow's `permissions:` block (or grant it to the fine-grained token / GitHub App).",
            NotFoundException or ApiValidationException => null,
            ApiException { StatusCode: var s } when (int)s >= 500 || s is HttpStatusCode.TooManyRequests => $"{where}: GitHub answered {(int)s} {Message(e)} after {github.Settings.MaxAttempts} attempts; retry later (https://www.githubstatus.com).",
            ApiException { StatusCode: var s } => $"{where}: {(int)s} {Message(e)}.",
            TimeoutException => $"{where}: {e.Message}.",
            TaskCanceledException or OperationCanceledException when e.InnerException is TimeoutException => $"{where}: no answer in time ({e.InnerException!.Message}).",
            HttpRequestException => $"{where}: {e.Message} (after {github.Settings.MaxAttempts} attempts).",
            _ => null,
        };
    }

    /// <summary>GitHub's own message from an API error (redacted of URLs' query strings, which may hold signatures).</summary>
    public static string Message(Exception e) => e is ApiException api && !string.IsNullOrEmpty(api.ApiError?.Message) ? api.ApiError.Message : e.Message;

    /// <summary>The permission GitHub says the endpoint accepts (<c>x-accepted-github-permissions: contents=write</c>), in workflow syntax; else the expected one.</summary>
    private static string Accepted(ApiException e, string expected)
    {
        if (e.HttpResponse?.Headers is { } headers
            && headers.FirstOrDefault(h => h.Key.Equals("x-accepted-github-permissions", StringComparison.OrdinalIgnoreCase)).Value is { Length: > 0 } accepted)
        {
            return string.Join(" or ", accepted.Split(';', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
                .Select(p => p.Replace("=", ": ", StringComparison.Ordinal).Replace("pull_requests", "pull-requests", StringComparison.Ordinal)));
        }

        return expected;
    }

    /// <summary>True for a 422 whose errors say the resource already exists (a release tag, an asset name).</summary>
    public static bool IsAlreadyExists(ApiValidationException e) =>
        e.ApiError?.Errors?.Any(x => x.Code == "already_exists") == true
        || (e.ApiError?.Message?.Contains("already exists", StringComparison.OrdinalIgnoreCase) ?? false);

    /// <summary>A URI for messages: no query string or credentials.</summary>
    public static string Redact(string url) => Uri.TryCreate(url, UriKind.Absolute, out var u) ? RetryHandler.Redact(u) : url;
}
