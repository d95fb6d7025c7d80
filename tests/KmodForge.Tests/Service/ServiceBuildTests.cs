using System.Net;
using System.Net.Http.Json;
using KmodForge.Naming;
using KmodForge.Service;
using KmodForge.Targets;
using KmodForge.Tests.Service.Support;
using KmodForge.Tests.Support;

namespace KmodForge.Tests.Service;

/// <summary>POST /build outcomes: already published, dedup per cache key, dispatch failure, rate limiting.</summary>
public sealed class ServiceBuildTests : IDisposable
{
    private readonly TempDirectory dir = new("kmodforge-service");
    private readonly RecordingDispatcher dispatcher = new();
    private readonly MemoryReleaseStore releases = new();

    private static BuildTarget Target => BuildTarget.Create("debian", "12", "6.1.0-28-amd64", "x86_64", "v0.1.0");

    [Fact]
    public async Task Answers_a_published_package_at_once_without_dispatching()
    {
        var package = releases.Add(PackageNaming.ReleaseTag(Target), PackageNaming.FileName("kmodforge-sample", Target));
        await using var service = await TestService.StartAsync(TestService.Settings(dir.Path), releases, dispatcher, new ScriptedRuns());

        using var response = await service.PostBuildAsync(TestService.Request(distroVersion: null));
        var json = await TestService.ReadJsonAsync(response);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(package.Location, json.GetProperty("location").GetString());
        Assert.Equal("kmodforge-sample-debian-12-6.1.0-28-amd64_v0.1.0_amd64.deb", json.GetProperty("file_name").GetString());
        Assert.Equal(0, dispatcher.Count);
        Assert.Empty(await service.Store.ListUnfinishedAsync("github", CancellationToken.None));
    }

    [Fact]
    public async Task Thousand_concurrent_identical_requests_dispatch_once()
    {
        dispatcher.Delay = TimeSpan.FromMilliseconds(200);
        await using var service = await TestService.StartAsync(TestService.Settings(dir.Path), releases, dispatcher, new ScriptedRuns());

        var answers = await Task.WhenAll(Enumerable.Range(0, 1000).Select(async _ =>
        {
            using var response = await service.PostBuildAsync(TestService.Request());
            return (response.StatusCode, Json: await TestService.ReadJsonAsync(response));
        }));

        Assert.All(answers, a => Assert.Equal(HttpStatusCode.Accepted, a.StatusCode));
        Assert.All(answers, a => Assert.Equal("workflow dispatched", a.Json.GetProperty("message").GetString()));
        var id = Assert.Single(answers.Select(a => a.Json.GetProperty("build_id").GetString()).Distinct());
        Assert.Equal(1, dispatcher.Count);
        Assert.Equal(id, dispatcher.Dispatches[0].Inputs["build_id"]);
        Assert.Single(await service.Store.ListUnfinishedAsync("github", CancellationToken.None));
    }

    [Fact]
    public async Task Repeated_requests_get_the_running_build_and_other_targets_their_own()
    {
        await using var service = await TestService.StartAsync(TestService.Settings(dir.Path), releases, dispatcher, new ScriptedRuns());

        var first = await service.SubmitAsync(TestService.Request());
        var again = await service.SubmitAsync(TestService.Request(distroVersion: null, arch: "amd64"));
        var otherKernel = await service.SubmitAsync(TestService.Request(kernel: "6.1.0-29-amd64"));
        var otherDriver = await service.SubmitAsync(TestService.Request(driver: "v0.1.1"));

        Assert.Equal(first, again);
        Assert.Equal(3, new[] { first, otherKernel, otherDriver }.Distinct().Count());
        Assert.Equal(3, dispatcher.Count);
    }

    [Fact]
    public async Task A_failed_dispatch_is_an_error_and_the_next_request_tries_again()
    {
        dispatcher.Failure = new HttpRequestException("GitHub answered 502 four times");
        await using var service = await TestService.StartAsync(TestService.Settings(dir.Path), releases, dispatcher, new ScriptedRuns());

        using var failed = await service.PostBuildAsync(TestService.Request());
        var json = await TestService.ReadJsonAsync(failed);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, failed.StatusCode);
        Assert.Contains("502 four times", json.GetProperty("error").GetString());
        var status = await service.StatusAsync(json.GetProperty("build_id").GetString()!);
        Assert.Equal("error", status.GetProperty("status").GetString());

        dispatcher.Failure = null;
        var retried = await service.SubmitAsync(TestService.Request());
        Assert.NotEqual(json.GetProperty("build_id").GetString(), retried);
        Assert.Equal(1, dispatcher.Count);
    }

    [Fact]
    public async Task Limits_requests_per_client_address()
    {
        await using var service = await TestService.StartAsync(TestService.Settings(dir.Path, rateLimitPermits: 3), releases, dispatcher, new ScriptedRuns());

        var codes = new List<HttpStatusCode>();
        for (var i = 0; i < 5; i++)
        {
            using var response = await service.PostBuildAsync(TestService.Request());
            codes.Add(response.StatusCode);
            if (response.StatusCode == HttpStatusCode.TooManyRequests)
            {
                Assert.Contains("too many requests", (await TestService.ReadJsonAsync(response)).GetProperty("error").GetString());
            }
        }

        Assert.Equal([HttpStatusCode.Accepted, HttpStatusCode.Accepted, HttpStatusCode.Accepted, HttpStatusCode.TooManyRequests, HttpStatusCode.TooManyRequests], codes);
        using var health = await service.Client.GetAsync("healthz");
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
    }

    [Fact]
    public async Task Health_reports_each_check()
    {
        await using var service = await TestService.StartAsync(TestService.Settings(dir.Path), releases, dispatcher, new ScriptedRuns());

        using var ok = await service.Client.GetAsync("healthz");
        var json = await TestService.ReadJsonAsync(ok);
        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        Assert.True(json.GetProperty("ready").GetBoolean());
        Assert.Contains("sqlite", json.GetProperty("checks").GetProperty("state_store").GetProperty("detail").GetString());
        Assert.Contains("driver-build.yml in acme/drivers", json.GetProperty("checks").GetProperty("backend").GetProperty("detail").GetString());
    }

    [Fact]
    public async Task An_unreachable_release_store_answers_503_and_records_nothing()
    {
        releases.Broken = true;
        await using var service = await TestService.StartAsync(TestService.Settings(dir.Path), releases, dispatcher, new ScriptedRuns());

        using var response = await service.PostBuildAsync(TestService.Request());

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Contains("release store unreachable", (await TestService.ReadJsonAsync(response)).GetProperty("error").GetString());
        Assert.Equal(0, dispatcher.Count);
        Assert.Empty(await service.Store.ListUnfinishedAsync("github", CancellationToken.None));
    }

    [Fact]
    public async Task Health_is_not_ready_when_the_release_store_fails()
    {
        releases.Broken = true;
        await using var service = await TestService.StartAsync(TestService.Settings(dir.Path), releases, dispatcher, new ScriptedRuns());

        using var response = await service.Client.GetAsync("healthz");
        var json = await TestService.ReadJsonAsync(response);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.True(json.GetProperty("live").GetBoolean());
        Assert.False(json.GetProperty("checks").GetProperty("release_store").GetProperty("ok").GetBoolean());
        Assert.Contains("unreachable", json.GetProperty("checks").GetProperty("release_store").GetProperty("detail").GetString());
    }

    public void Dispose() => dir.Dispose();
}
