using System.Net;
using KmodForge.Diagnostics;

namespace KmodForge.Net;

/// <summary>
/// An <see cref="HttpMessageHandler"/> that gives every request a per-attempt timeout and retries transient faults
/// (connection errors, timeouts, 408, 429, 5xx) with exponential backoff, honouring <c>Retry-After</c>. Requests
/// whose body cannot be replayed (a stream) are sent once. Cancellation by the caller is never retried.
/// </summary>
public sealed class RetryHandler(HttpMessageHandler inner, RetryOptions options, IBuildLog? log = null) : DelegatingHandler(inner)
{
    public RetryHandler(RetryOptions options, IBuildLog? log = null)
        : this(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5) }, options, log)
    {
    }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var replayable = request.Content is null or ByteArrayContent;
        var maxAttempts = replayable ? Math.Max(1, options.MaxAttempts) : 1;
        for (var attempt = 1; ; attempt++)
        {
            using var attemptCts = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            attemptCts.CancelAfter(options.AttemptTimeout);
            HttpResponseMessage? response = null;
            string fault;
            try
            {
                response = await base.SendAsync(attempt == 1 ? request : Clone(request), attemptCts.Token).ConfigureAwait(false);
                if (!IsTransient(response.StatusCode) || attempt >= maxAttempts)
                {
                    return response;
                }

                fault = $"HTTP {(int)response.StatusCode}";
            }
            catch (HttpRequestException e) when (attempt < maxAttempts)
            {
                fault = e.Message;
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested && attempt < maxAttempts)
            {
                fault = $"no answer within {options.AttemptTimeout.TotalSeconds:0} s";
            }
            catch (OperationCanceledException e) when (!cancellationToken.IsCancellationRequested)
            {
                throw new TimeoutException($"{request.Method} {Redact(request.RequestUri)}: no answer within {options.AttemptTimeout.TotalSeconds:0} s", e);
            }

            var delay = RetryAfter(response) ?? options.DelayFor(attempt);
            response?.Dispose();
            log?.Warning($"{request.Method} {Redact(request.RequestUri)}: {fault}; retry {attempt}/{maxAttempts - 1} in {delay.TotalSeconds:0.#} s");
            await Task.Delay(delay, cancellationToken).ConfigureAwait(false);
        }
    }

    public static bool IsTransient(HttpStatusCode status) =>
        status is HttpStatusCode.RequestTimeout or HttpStatusCode.TooManyRequests || (int)status >= 500;

    /// <summary>The server's requested wait (Retry-After seconds or date), capped at 60 s.</summary>
    private static TimeSpan? RetryAfter(HttpResponseMessage? response)
    {
        var header = response?.Headers.RetryAfter;
        var wait = header?.Delta ?? (header?.Date is { } date ? date - DateTimeOffset.UtcNow : null);
        return wait is { } w ? TimeSpan.FromSeconds(Math.Clamp(w.TotalSeconds, 0, 60)) : null;
    }

    /// <summary>A URI safe to log: no user info, no query string (which may hold signatures or tokens).</summary>
    public static string Redact(Uri? uri) =>
        uri is null ? "(no uri)" : uri.IsAbsoluteUri ? uri.GetLeftPart(UriPartial.Path).Replace(uri.UserInfo + "@", string.Empty, StringComparison.Ordinal) : uri.ToString();

    /// <summary>
    /// A copy of a request to send again (a request message can be sent once): method, URI, version, headers, options
    /// and the same, replayable content. Every retrying handler sends its repeats through this.
    /// </summary>
    public static HttpRequestMessage Clone(HttpRequestMessage request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var clone = new HttpRequestMessage(request.Method, request.RequestUri) { Version = request.Version, Content = request.Content };
        foreach (var header in request.Headers)
        {
            clone.Headers.TryAddWithoutValidation(header.Key, header.Value);
        }

        foreach (var option in request.Options)
        {
            ((IDictionary<string, object?>)clone.Options)[option.Key] = option.Value;
        }

        return clone;
    }
}
