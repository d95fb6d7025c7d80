using System.Globalization;
using Microsoft.AspNetCore.Http;

namespace KmodForge.TestSupport.GitHub;

/// <summary>
/// GitHub's primary rate limit for REST requests, as <see cref="LocalGitHubServer"/> enforces it: a budget of
/// <see cref="Limit"/> requests per window (an hour on GitHub), counted over API calls and uploads; browser downloads
/// (<c>/releases/download/</c>), codeload and <c>GET /rate_limit</c> are free, as on GitHub. Every counted answer carries
/// <c>x-ratelimit-limit/remaining/used/reset</c>; past the budget a call answers 403 with <c>x-ratelimit-remaining: 0</c>
/// until the window resets.
/// </summary>
public sealed class RestRateLimit(int limit = 5000, TimeSpan? window = null, TimeProvider? clock = null)
{
    private readonly Lock gate = new();
    private readonly TimeProvider time = clock ?? TimeProvider.System;
    private DateTimeOffset? reset;
    private int used;
    private long total;

    /// <summary>Requests allowed per window: 1,000 for a job's GITHUB_TOKEN, 5,000 to 12,500 for an app, 5,000 for a PAT.</summary>
    public int Limit { get; set; } = limit;

    public TimeSpan Window { get; } = window ?? TimeSpan.FromHours(1);

    /// <summary>Counted requests since the server started, refused ones included.</summary>
    public long Total => Interlocked.Read(ref total);

    /// <summary>Requests refused because the budget was spent.</summary>
    public long Refused { get; private set; }

    /// <summary>True for requests GitHub counts against the REST budget.</summary>
    public static bool Counts(string endpoint) =>
        endpoint is not (GitHubEndpoints.AssetBrowserDownload or GitHubEndpoints.TarballDownload or GitHubEndpoints.RateLimitGet);

    /// <summary>Counts one request; false when the budget is spent (the caller answers 403).</summary>
    public bool Take(HttpResponse response)
    {
        lock (gate)
        {
            var now = time.GetUtcNow();
            if (reset is null || now >= reset)
            {
                reset = now + Window;
                used = 0;
            }

            total++;
            var allowed = used < Limit;
            if (allowed)
            {
                used++;
            }
            else
            {
                Refused++;
            }

            Write(response);
            return allowed;
        }
    }

    /// <summary>Starts a new window now, with the whole budget (an hour later, as far as the budget goes).</summary>
    public void ResetWindow()
    {
        lock (gate)
        {
            reset = null;
            used = 0;
        }
    }

    /// <summary>Writes the rate-limit headers of the current window (without counting).</summary>
    public void Write(HttpResponse response)
    {
        lock (gate)
        {
            var c = CultureInfo.InvariantCulture;
            response.Headers["x-ratelimit-limit"] = Limit.ToString(c);
            response.Headers["x-ratelimit-remaining"] = Math.Max(0, Limit - used).ToString(c);
            response.Headers["x-ratelimit-used"] = used.ToString(c);
            response.Headers["x-ratelimit-reset"] = (reset ?? time.GetUtcNow() + Window).ToUnixTimeSeconds().ToString(c);
            response.Headers["x-ratelimit-resource"] = "core";
        }
    }

    /// <summary>The body of <c>GET /rate_limit</c>: the core resource (and <c>rate</c>, its deprecated copy).</summary>
    public object Status()
    {
        lock (gate)
        {
            var core = new { limit = Limit, used, remaining = Math.Max(0, Limit - used), reset = (reset ?? time.GetUtcNow() + Window).ToUnixTimeSeconds(), resource = "core" };
            return new { resources = new { core }, rate = core };
        }
    }
}
