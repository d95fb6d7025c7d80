using KmodForge.GitHub;
using KmodForge.Service;
using KmodForge.Tests.GitHub;
using KmodForge.Tests.Service.Support;
using KmodForge.Tests.Support;

namespace KmodForge.Tests.Service;

/// <summary>GET /metrics scraped as Prometheus does, before, during and after a few builds of the local backend.</summary>
public sealed class ServiceMetricsTests : IDisposable
{
    private readonly TempDirectory dir = new("kmodforge-service");
    private readonly MemoryReleaseStore releases = new();

    [Fact]
    public async Task Counters_move_with_builds_requests_and_the_queue()
    {
        var runner = new RecordingRunner(releases) { Gate = new(TaskCreationOptions.RunContinuationsAsynchronously) };
        await using var service = await TestService.StartAsync(TestService.Settings(dir.Path, BuildBackendKind.Local), releases, runner: runner);

        var first = await service.SubmitAsync(TestService.Request(kernel: "6.1.0-28-amd64"));
        await service.WaitForStatusAsync(first, "in_progress");
        Assert.Equal(first, await service.SubmitAsync(TestService.Request(kernel: "6.1.0-28-amd64")));
        var second = await service.SubmitAsync(TestService.Request(kernel: "6.1.0-29-amd64"));

        var during = await ScrapeAsync(service);
        Assert.Equal(1, during.Value("kmodforge_builds_unfinished", ("state", "in_progress")));
        Assert.Equal(1, during.Value("kmodforge_builds_unfinished", ("state", "queued")));
        Assert.Equal(2, during.Value("kmodforge_build_requests_total", ("answer", "dispatched")));
        Assert.Equal(1, during.Value("kmodforge_build_requests_total", ("answer", "deduplicated")));
        Assert.Equal(0, during.Value("kmodforge_builds_total"));

        runner.Gate.SetResult();
        await service.WaitForStatusAsync(first, "done");
        await service.WaitForStatusAsync(second, "done");
        using (var cached = await service.PostBuildAsync(TestService.Request(kernel: "6.1.0-28-amd64")))
        {
            Assert.Equal(System.Net.HttpStatusCode.OK, cached.StatusCode);
        }

        runner.Failure = new InvalidOperationException("make: *** [Makefile:6: modules] Error 2");
        await service.WaitForStatusAsync(await service.SubmitAsync(TestService.Request(kernel: "6.1.0-30-amd64")), "error");

        var after = await ScrapeAsync(service);
        Assert.Equal(2, after.Value("kmodforge_builds_total", ("outcome", "done")));
        Assert.Equal(1, after.Value("kmodforge_builds_total", ("outcome", "error")));
        Assert.Equal(3, after.Value("kmodforge_build_duration_seconds_count"));
        Assert.Equal(2, after.Value("kmodforge_build_duration_seconds_count", ("outcome", "done")));
        Assert.Equal(2, after.Value("kmodforge_build_duration_seconds_bucket", ("outcome", "done"), ("le", "+Inf")));
        Assert.Equal(1, after.Value("kmodforge_build_requests_total", ("answer", "published")));
        Assert.Equal(3, after.Value("kmodforge_build_requests_total", ("answer", "dispatched")));
        Assert.Equal(0, after.Value("kmodforge_builds_unfinished"));
        Assert.DoesNotContain(TestService.Token, after.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("6.1.0-28-amd64", after.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_github_call_that_fails_after_the_retries_is_counted_by_service()
    {
        await using var service = await TestService.StartAsync(TestService.Settings(dir.Path, BuildBackendKind.Local), releases, runner: new RecordingRunner(releases));
        var before = (await ScrapeAsync(service)).Value("kmodforge_client_call_failures_total", ("service", "github"));

        await using (var github = await GitHubTestContext.StartAsync())
        {
            var runs = new GitHubWorkflowRuns(github.Connect(github.Settings(token: "ghs_a-token-the-server-rejects")));
            await Assert.ThrowsAsync<GitHubOperationException>(() => runs.FindByBuildIdAsync("driver-build.yml", "b-1", CancellationToken.None));
        }

        var after = (await ScrapeAsync(service)).Value("kmodforge_client_call_failures_total", ("service", "github"), ("action", "list runs"));
        Assert.True(after >= before + 1, $"expected the failure counted: before {before}, after {after}");
    }

    private static async Task<PrometheusText> ScrapeAsync(TestService service)
    {
        using var response = await service.Client.GetAsync("metrics");
        response.EnsureSuccessStatusCode();
        Assert.StartsWith("text/plain", response.Content.Headers.ContentType?.MediaType, StringComparison.Ordinal);
        return new PrometheusText(await response.Content.ReadAsStringAsync());
    }

    public void Dispose() => dir.Dispose();
}
