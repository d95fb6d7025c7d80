using System.Text.Json;
using KmodForge.Diagnostics;
using KmodForge.Loader.Fetching;
using KmodForge.Net;
using KmodForge.Targets;
using KmodForge.Tests.Support;
using Microsoft.AspNetCore.Http;

namespace KmodForge.Tests.Loader;

public sealed class BuildServiceClientTests
{
    private static readonly BuildRequest Request = new("6.1.0-41-amd64", "x86_64", "debian", "12", "v0.1.0");
    private static readonly HttpClient Http = new(new RetryHandler(new RetryOptions { MaxAttempts = 3, BaseDelay = TimeSpan.FromMilliseconds(10) }));

    /// <summary>A service that answers POST /build with 202 and then the given statuses, one per poll.</summary>
    private static Task<LocalHttpServer> Service(List<string> log, params string[] statuses)
    {
        var polls = 0;
        return LocalHttpServer.StartAsync(async ctx =>
        {
            log.Add($"{ctx.Request.Method} {ctx.Request.Path} {ctx.Request.Headers.Authorization}");
            if (ctx.Request.Headers.Authorization != "Bearer s3cret")
            {
                ctx.Response.StatusCode = 401;
                return;
            }

            if (ctx.Request.Method == "POST")
            {
                var body = await JsonSerializer.DeserializeAsync<JsonElement>(ctx.Request.Body);
                log.Add(body.GetProperty("kernel_version").GetString()!);
                ctx.Response.StatusCode = 202;
                await ctx.Response.WriteAsJsonAsync(new { message = "workflow dispatched", build_id = "b-123" });
                return;
            }

            await ctx.Response.WriteAsJsonAsync(new { status = statuses[Math.Min(polls++, statuses.Length - 1)], reason = "make failed" });
        });
    }

    [Fact]
    public async Task Requests_a_build_and_polls_until_it_is_done()
    {
        var log = new List<string>();
        await using var service = await Service(log, "queued", "in_progress", "done");
        var client = new BuildServiceClient(Http, service.BaseAddress, "s3cret", NullBuildLog.Instance);

        await client.WaitForPackageAsync(Request, TimeSpan.FromSeconds(30), TimeSpan.FromMilliseconds(10), CancellationToken.None);

        Assert.Equal("POST /build Bearer s3cret", log[0]);
        Assert.Equal("6.1.0-41-amd64", log[1]);
        Assert.Equal(3, log.Count(l => l.StartsWith("GET /status/b-123", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task A_failed_build_is_reported_with_the_services_answer()
    {
        await using var service = await Service([], "in_progress", "error");
        var client = new BuildServiceClient(Http, service.BaseAddress, "s3cret", NullBuildLog.Instance);

        var error = await Assert.ThrowsAsync<OnDemandBuildException>(() =>
            client.WaitForPackageAsync(Request, TimeSpan.FromSeconds(30), TimeSpan.FromMilliseconds(10), CancellationToken.None));

        Assert.Contains("ended 'error'", error.Message, StringComparison.Ordinal);
        Assert.Contains("make failed", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Waiting_is_bounded()
    {
        await using var service = await Service([], "in_progress");
        var client = new BuildServiceClient(Http, service.BaseAddress, "s3cret", NullBuildLog.Instance);

        var error = await Assert.ThrowsAsync<OnDemandBuildException>(() =>
            client.WaitForPackageAsync(Request, TimeSpan.FromMilliseconds(300), TimeSpan.FromMilliseconds(50), CancellationToken.None));

        Assert.Contains("still 'in_progress'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_missing_or_wrong_token_says_which_setting_to_fix()
    {
        await using var service = await Service([], "done");
        var client = new BuildServiceClient(Http, service.BaseAddress, "wrong", NullBuildLog.Instance);

        var error = await Assert.ThrowsAsync<OnDemandBuildException>(() =>
            client.WaitForPackageAsync(Request, TimeSpan.FromSeconds(5), TimeSpan.FromMilliseconds(10), CancellationToken.None));

        Assert.Contains("--service-token", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unreachable_service_fails_clearly_after_bounded_retries()
    {
        var client = new BuildServiceClient(Http, new Uri("http://127.0.0.1:9/"), "s3cret", NullBuildLog.Instance);

        await Assert.ThrowsAsync<HttpRequestException>(() =>
            client.WaitForPackageAsync(Request, TimeSpan.FromSeconds(5), TimeSpan.FromMilliseconds(10), CancellationToken.None));
    }
}
