using System.Globalization;
using System.Text.Json;

namespace KmodForge.TestSupport.GitHub;

/// <summary>
/// An error answer <see cref="LocalGitHubServer"/> gives instead of handling a call, with GitHub's real status, body and
/// headers for that error.
/// </summary>
public sealed record GitHubFault(int Status, string Body, IReadOnlyDictionary<string, string> Headers)
{
    public static GitHubFault NotFound { get; } = Json(404, new { message = "Not Found", documentation_url = "https://docs.github.com/rest", status = "404" });

    public static GitHubFault BadCredentials { get; } = Json(401, new { message = "Bad credentials", documentation_url = "https://docs.github.com/rest", status = "401" });

    public static GitHubFault ServerError(int status = 502) =>
        Json(status, new { message = status == 502 ? "Server Error" : "Service Unavailable" });

    /// <summary>422 Validation Failed with an <c>already_exists</c> error, as GitHub answers a duplicate release or asset.</summary>
    public static GitHubFault AlreadyExists(string resource, string field) =>
        Json(422, new
        {
            message = "Validation Failed",
            errors = new[] { new { resource, code = "already_exists", field } },
            documentation_url = "https://docs.github.com/rest",
            status = "422",
        });

    /// <summary>The primary rate limit: 403, <c>x-ratelimit-remaining: 0</c> and the reset time.</summary>
    public static GitHubFault RateLimited(TimeSpan resetIn, int status = 403) =>
        Json(status, new
        {
            message = "API rate limit exceeded for installation ID 4242.",
            documentation_url = "https://docs.github.com/rest/overview/rate-limits-for-the-rest-api",
            status = status.ToString(CultureInfo.InvariantCulture),
        }, new Dictionary<string, string>
        {
            ["x-ratelimit-limit"] = "5000",
            ["x-ratelimit-remaining"] = "0",
            ["x-ratelimit-used"] = "5000",
            ["x-ratelimit-resource"] = "core",
            ["x-ratelimit-reset"] = DateTimeOffset.UtcNow.Add(resetIn).ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture),
        });

    /// <summary>A secondary rate limit: 403 with <c>retry-after</c>.</summary>
    public static GitHubFault SecondaryRateLimit(int retryAfterSeconds) =>
        Json(403, new
        {
            message = "You have exceeded a secondary rate limit. Please wait a few minutes before you try again.",
            documentation_url = "https://docs.github.com/rest/overview/rate-limits-for-the-rest-api#about-secondary-rate-limits",
            status = "403",
        }, new Dictionary<string, string> { ["retry-after"] = retryAfterSeconds.ToString(CultureInfo.InvariantCulture) });

    /// <summary>A token without the permission the endpoint needs (<c>contents=write</c>).</summary>
    public static GitHubFault MissingPermission(string permission) =>
        Json(403, new
        {
            message = "Resource not accessible by integration",
            documentation_url = "https://docs.github.com/rest",
            status = "403",
        }, new Dictionary<string, string> { ["x-accepted-github-permissions"] = permission });

    public static GitHubFault Json(int status, object body, IReadOnlyDictionary<string, string>? headers = null) =>
        new(status, JsonSerializer.Serialize(body), headers ?? new Dictionary<string, string>());
}
