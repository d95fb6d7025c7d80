using System.Net;
using KmodForge.Net;
using KmodForge.Tests.Support;
using Microsoft.AspNetCore.Http;

namespace KmodForge.Tests.Net;

public sealed class RetryHandlerTests
{
    private static readonly RetryOptions Fast = new() { MaxAttempts = 3, BaseDelay = TimeSpan.FromMilliseconds(10), AttemptTimeout = TimeSpan.FromSeconds(5) };

    [Fact]
    public async Task Retries_transient_server_errors_then_returns_the_success()
    {
        var calls = 0;
        await using var server = await LocalHttpServer.StartAsync(async ctx =>
        {
            ctx.Response.StatusCode = ++calls < 3 ? 503 : 200;
            await ctx.Response.WriteAsync("ok");
        });
        using var client = new HttpClient(new RetryHandler(Fast));

        using var response = await client.GetAsync(new Uri(server.BaseAddress, "x"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(3, calls);
    }

    [Fact]
    public async Task Gives_up_after_the_bounded_number_of_attempts_and_returns_the_last_answer()
    {
        var calls = 0;
        await using var server = await LocalHttpServer.StartAsync(ctx =>
        {
            calls++;
            ctx.Response.StatusCode = 502;
            return Task.CompletedTask;
        });
        using var client = new HttpClient(new RetryHandler(Fast));

        using var response = await client.GetAsync(new Uri(server.BaseAddress, "x"));

        Assert.Equal(HttpStatusCode.BadGateway, response.StatusCode);
        Assert.Equal(3, calls);
    }

    [Fact]
    public async Task Does_not_retry_client_errors()
    {
        var calls = 0;
        await using var server = await LocalHttpServer.StartAsync(ctx =>
        {
            calls++;
            ctx.Response.StatusCode = 404;
            return Task.CompletedTask;
        });
        using var client = new HttpClient(new RetryHandler(Fast));

        using var response = await client.GetAsync(new Uri(server.BaseAddress, "x"));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal(1, calls);
    }

    [Fact]
    public async Task A_streamed_body_is_sent_once_because_it_cannot_be_replayed()
    {
        var calls = 0;
        await using var server = await LocalHttpServer.StartAsync(ctx =>
        {
            calls++;
            ctx.Response.StatusCode = 503;
            return Task.CompletedTask;
        });
        using var client = new HttpClient(new RetryHandler(Fast));

        using var response = await client.PostAsync(new Uri(server.BaseAddress, "x"), new StreamContent(new MemoryStream([1, 2, 3])));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal(1, calls);
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
