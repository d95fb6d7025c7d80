using System.Net;
using KmodForge.Net;
using KmodForge.Tests.Support;
using Microsoft.AspNetCore.Http;

namespace KmodForge.Tests.Net;

public sealed class RetryHandlerTests
{
    private static readonly RetryOptions Fast = new() { MaxAttempts = 3, BaseDelay = TimeSpan.FromMilliseconds(10), AttemptTimeout = TimeSpan.FromSeconds(5) };

    /// <summary>Sends one request through a <see cref="RetryHandler"/> to a server answering call n with <paramref name="statusForCall"/>(n).</summary>
    private static async Task<(HttpStatusCode Status, int Calls)> CallAsync(Func<int, int> statusForCall, Func<Uri, HttpRequestMessage> request)
    {
        var calls = 0;
        await using var server = await LocalHttpServer.StartAsync(ctx =>
        {
            ctx.Response.StatusCode = statusForCall(Interlocked.Increment(ref calls));
            return Task.CompletedTask;
        });
        using var client = new HttpClient(new RetryHandler(Fast));

        using var response = await client.SendAsync(request(new Uri(server.BaseAddress, "x")));
        return (response.StatusCode, calls);
    }

    private static HttpRequestMessage Get(Uri uri) => new(HttpMethod.Get, uri);

    [Fact]
    public async Task Retries_transient_server_errors_then_returns_the_success() =>
        Assert.Equal((HttpStatusCode.OK, 3), await CallAsync(n => n < 3 ? 503 : 200, Get));

    [Fact]
    public async Task Gives_up_after_the_bounded_number_of_attempts_and_returns_the_last_answer() =>
        Assert.Equal((HttpStatusCode.BadGateway, 3), await CallAsync(_ => 502, Get));

    [Fact]
    public async Task Does_not_retry_client_errors() =>
        Assert.Equal((HttpStatusCode.NotFound, 1), await CallAsync(_ => 404, Get));

    [Fact]
    public async Task A_streamed_body_is_sent_once_because_it_cannot_be_replayed() =>
        Assert.Equal((HttpStatusCode.ServiceUnavailable, 1), await CallAsync(_ => 503, uri => new HttpRequestMessage(HttpMethod.Post, uri) { Content = new StreamContent(new MemoryStream([1, 2, 3])) }));

    [Fact]
    public void A_repeated_request_keeps_its_headers_options_and_content()
    {
        var key = new HttpRequestOptionsKey<string>("resource");
        using var content = new ByteArrayContent([1, 2, 3]);
        using var request = new HttpRequestMessage(HttpMethod.Put, "https://api.example/x") { Version = HttpVersion.Version20, Content = content };
        request.Headers.Add("X-Test", "1");
        request.Options.Set(key, "core");

        using var clone = RetryHandler.Clone(request);

        Assert.Equal((HttpMethod.Put, request.RequestUri, HttpVersion.Version20), (clone.Method, clone.RequestUri, clone.Version));
        Assert.Equal(["1"], clone.Headers.GetValues("X-Test"));
        Assert.True(clone.Options.TryGetValue(key, out var resource) && resource == "core");
        Assert.Same(content, clone.Content);
    }

    [Fact]
    public async Task A_server_that_never_answers_times_out_per_attempt_with_a_clear_error()
    {
        await using var server = await LocalHttpServer.StartAsync(async ctx => await Task.Delay(TimeSpan.FromSeconds(30), ctx.RequestAborted));
        var options = Fast with { MaxAttempts = 2, AttemptTimeout = TimeSpan.FromMilliseconds(200) };
        using var client = new HttpClient(new RetryHandler(options));

        var error = await Assert.ThrowsAsync<TimeoutException>(() => client.GetAsync(new Uri(server.BaseAddress, "slow?token=secret")));

        Assert.Contains("no answer within", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("secret", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Cancellation_by_the_caller_is_not_retried()
    {
        var calls = 0;
        await using var server = await LocalHttpServer.StartAsync(async ctx =>
        {
            calls++;
            await Task.Delay(TimeSpan.FromSeconds(30), ctx.RequestAborted);
        });
        using var client = new HttpClient(new RetryHandler(Fast));
        using var cts = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => client.GetAsync(new Uri(server.BaseAddress, "x"), cts.Token));
        Assert.Equal(1, calls);
    }

    [Fact]
    public void Redacted_uris_carry_no_query_string_or_user_info()
    {
        Assert.Equal("https://example.invalid/a/b", RetryHandler.Redact(new Uri("https://user:pw@example.invalid/a/b?X-Amz-Signature=abc")));
    }
}
