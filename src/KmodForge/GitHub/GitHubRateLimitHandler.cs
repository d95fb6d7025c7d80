using System.Globalization;
using System.Net;
using KmodForge.Diagnostics;
using KmodForge.Net;

namespace KmodForge.GitHub;

/// <summary>
/// Waits out GitHub's rate limits instead of failing: a 403 or 429 with <c>x-ratelimit-remaining: 0</c> waits until
/// <c>x-ratelimit-reset</c>; one with <c>retry-after</c> (a secondary rate limit) waits that long. Waits longer than
/// <paramref name="maxWait"/> are not taken: the response goes back to the caller, which reports when the limit resets.
/// Requests whose body cannot be replayed (uploads) are not resent.
/// </summary>
public sealed class GitHubRateLimitHandler(HttpMessageHandler inner, TimeSpan maxWait, IBuildLog log, TimeProvider? time = null) : DelegatingHandler(inner)
{
    private const int MaxWaits = 3;
    private readonly TimeProvider clock = time ?? TimeProvider.System;

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var replayable = request.Content is null or ByteArrayContent;
        for (var waits = 0; ; waits++)
        {
            var response = await base.SendAsync(waits == 0 ? request : RetryHandler.Clone(request), cancellationToken).ConfigureAwait(false);
            if (!replayable || waits >= MaxWaits || RateLimitWait(response, clock.GetUtcNow()) is not { } wait || wait > maxWait)
            {
                return response;
            }

            var resource = response.Headers.TryGetValues("x-ratelimit-resource", out var r) ? r.First() : "secondary";
            log.Warning($"GitHub rate limit ({resource}) on {request.Method} {RetryHandler.Redact(request.RequestUri)}: waiting {wait.TotalSeconds:0} s");
            response.Dispose();
            await Task.Delay(wait, clock, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// How long GitHub asks to wait before the next request, or null when the response is not a rate limit.
    /// <c>retry-after</c> wins; otherwise <c>x-ratelimit-remaining: 0</c> waits until <c>x-ratelimit-reset</c> (plus one second).
    /// </summary>
    public static TimeSpan? RateLimitWait(HttpResponseMessage response, DateTimeOffset now)
    {
        if (response.StatusCode is not (HttpStatusCode.Forbidden or HttpStatusCode.TooManyRequests))
        {
            return null;
        }

        if (response.Headers.RetryAfter is { } retryAfter)
        {
            var delay = retryAfter.Delta ?? (retryAfter.Date is { } date ? date - now : TimeSpan.Zero);
            return delay < TimeSpan.Zero ? TimeSpan.Zero : delay;
        }

        if (Header(response, "x-ratelimit-remaining") == "0"
            && long.TryParse(Header(response, "x-ratelimit-reset"), NumberStyles.Integer, CultureInfo.InvariantCulture, out var reset))
        {
            var until = DateTimeOffset.FromUnixTimeSeconds(reset) - now + TimeSpan.FromSeconds(1);
            return until < TimeSpan.Zero ? TimeSpan.Zero : until;
        }

        return null;
    }

    private static string? Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) ? values.FirstOrDefault() : null;
}
