using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using KmodForge.Diagnostics;
using KmodForge.Errors;
using KmodForge.Targets;

namespace KmodForge.Loader.Fetching;

/// <summary>The build service could not produce the package; the message says what it answered.</summary>
public sealed class OnDemandBuildException(string message) : KmodForgeException(message);

/// <summary>
/// Asks the build service for a package that is not published yet (<c>POST /build</c>), then polls
/// <c>GET /status/{id}</c> until it is done, failed or timed out, or the wait runs out. Each poll asks the service to
/// hold its answer until the build changes (<c>Prefer: wait=N</c>, a long poll); a service that does not (no
/// <c>Preference-Applied</c>) is polled with backoff, from the poll interval up to four times it.
/// Transient faults (connection refused, 5xx) are retried by the HTTP client's retry handler. When the service says
/// the driver does not apply to the target (<c>status: not_applicable</c>, at once or after a build), that is a
/// <see cref="NotApplicableException"/> with the service's reason: nothing is asked again.
/// </summary>
public sealed class BuildServiceClient(HttpClient http, Uri serviceUrl, string? token, IBuildLog log)
{
    public async Task WaitForPackageAsync(BuildRequest request, TimeSpan wait, TimeSpan pollInterval, CancellationToken cancellationToken)
    {
        using var post = new HttpRequestMessage(HttpMethod.Post, new Uri(serviceUrl, "build")) { Content = new ByteArrayContent(JsonSerializer.SerializeToUtf8Bytes(request, LoaderJson.Default.BuildRequest)) };
        post.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        Authorize(post);
        using var response = await http.SendAsync(post, cancellationToken).ConfigureAwait(false);
        var body = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        switch (response.StatusCode)
        {
            case HttpStatusCode.OK:
                using (var answer = JsonDocument.Parse(body))
                {
                    ThrowIfNotApplicable(answer.RootElement);
                }

                log.Info("the build service says the package is already published");
                return;
            case HttpStatusCode.Accepted:
                break;
            case HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden:
                throw new OnDemandBuildException($"the build service refused the request (HTTP {(int)response.StatusCode}): set --service-token / KMODFORGE_SERVICE_TOKEN to a valid token");
            default:
                throw new OnDemandBuildException($"the build service answered HTTP {(int)response.StatusCode} to POST /build: {Truncate(body)}");
        }

        using var accepted = JsonDocument.Parse(body);
        var id = accepted.RootElement.TryGetProperty("build_id", out var idElement) ? idElement.GetString() : null;
        if (string.IsNullOrEmpty(id) || id.Any(c => !char.IsAsciiLetterOrDigit(c) && c is not '-' and not '_'))
        {
            throw new OnDemandBuildException($"the build service answered 202 without a usable build_id: {Truncate(body)}");
        }

        log.Info($"requested an on-demand build: build id {id}");
        await PollAsync(id, wait, pollInterval, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The longest answer hold asked of the service (its own cap is the same, 30 s).</summary>
    internal const int MaxHoldSeconds = 30;

    private async Task PollAsync(string id, TimeSpan wait, TimeSpan pollInterval, CancellationToken cancellationToken)
    {
        var deadline = DateTimeOffset.UtcNow + wait;
        var delay = pollInterval;
        string? last = null;
        while (true)
        {
            using var get = new HttpRequestMessage(HttpMethod.Get, new Uri(serviceUrl, $"status/{id}"));
            Authorize(get);
            var hold = (int)Math.Min(MaxHoldSeconds, Math.Floor((deadline - DateTimeOffset.UtcNow).TotalSeconds));
            if (hold > 0)
            {
                get.Headers.TryAddWithoutValidation("Prefer", $"wait={hold}");
            }

            var asked = Stopwatch.StartNew();
            using var response = await http.SendAsync(get, cancellationToken).ConfigureAwait(false);
            var body = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
            if (!response.IsSuccessStatusCode)
            {
                throw new OnDemandBuildException($"the build service answered HTTP {(int)response.StatusCode} to GET /status/{id}: {Truncate(body)}");
            }

            using var status = JsonDocument.Parse(body);
            var state = status.RootElement.TryGetProperty("status", out var s) ? s.GetString() : null;
            log.Info($"build {id}: {state}");
            ThrowIfNotApplicable(status.RootElement);
            switch (state)
            {
                case "done":
                    return;
                case "error" or "timed_out":
                    throw new OnDemandBuildException($"on-demand build {id} ended '{state}': {Truncate(body)}");
            }

            // A service that held the answer (a long poll) did the waiting: ask again at once, unless it came back
            // early with nothing changed (then it is not really holding, and the backoff below applies).
            var held = hold > 0 && Held(response) && (state != last || asked.Elapsed >= TimeSpan.FromSeconds(hold) / 2);
            last = state;
            if (DateTimeOffset.UtcNow + (held ? TimeSpan.Zero : delay) >= deadline)
            {
                throw new OnDemandBuildException($"on-demand build {id} is still '{state}' after {wait.TotalMinutes:0.#} minutes (--build-wait); giving up");
            }

            if (!held)
            {
                await Task.Delay(delay, cancellationToken).ConfigureAwait(false);
                delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 3 / 2, pollInterval.Ticks * 4));
            }
        }
    }

    /// <summary>Whether the service says it held its answer (<c>Preference-Applied: wait=N</c>).</summary>
    private static bool Held(HttpResponseMessage response) =>
        response.Headers.TryGetValues("Preference-Applied", out var applied)
        && applied.Any(v => v.TrimStart().StartsWith("wait=", StringComparison.OrdinalIgnoreCase));

    /// <summary>An answer with <c>status: not_applicable</c> ends the wait with the service's reason.</summary>
    private static void ThrowIfNotApplicable(JsonElement answer)
    {
        if (answer.ValueKind == JsonValueKind.Object && answer.TryGetProperty("status", out var s) && s.ValueKind == JsonValueKind.String && s.GetString() == "not_applicable")
        {
            var reason = answer.TryGetProperty("reason", out var r) && r.ValueKind == JsonValueKind.String ? r.GetString() : null;
            throw new NotApplicableException("the build service says the driver does not apply to this node: " + (string.IsNullOrWhiteSpace(reason) ? "it gave no reason" : Printable.Quote(reason)));
        }
    }

    private void Authorize(HttpRequestMessage request)
    {
        if (!string.IsNullOrEmpty(token))
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }
    }

    private static string Truncate(string body) => Printable.Quote(body.Length > 300 ? body[..300] : body);
}
