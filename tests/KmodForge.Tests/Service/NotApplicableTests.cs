using System.Net;
using KmodForge.Diagnostics;
using KmodForge.Errors;
using KmodForge.Loader.Fetching;
using KmodForge.Service;
using KmodForge.Targets;
using KmodForge.Tests.Service.Support;
using KmodForge.Tests.Support;

namespace KmodForge.Tests.Service;

/// <summary>
/// A build the driver does not apply to (the runner throws <see cref="NotApplicableException"/>, as the compile does
/// when dkms.conf BUILD_EXCLUSIVE_* excludes the kernel) through the local backend: its status, the remembered answer,
/// the metrics, the status page and the loader's client.
/// </summary>
public sealed class NotApplicableTests : IDisposable
{
    private const string Reason = "BUILD_EXCLUSIVE_KERNEL '^5\\.' does not match 6.1.0-28-amd64";

    private readonly TempDirectory dir = new("kmodforge-service");
    private readonly MemoryReleaseStore releases = new();

    private RecordingRunner Runner() => new(releases) { Failure = new NotApplicableException(Reason) };

    private Task<TestService> Start(RecordingRunner runner) =>
        TestService.StartAsync(TestService.Settings(dir.Path, BuildBackendKind.Local), releases, runner: runner);

    [Fact]
    public async Task The_status_is_not_applicable_with_the_reason_and_a_new_request_is_answered_at_once_without_a_build()
    {
        var runner = Runner();
        await using var service = await Start(runner);

        var id = await service.SubmitAsync(TestService.Request());
        var status = await service.WaitForStatusAsync(id, "not_applicable");
        using var again = await service.PostBuildAsync(TestService.Request());
        var answer = await TestService.ReadJsonAsync(again);

        Assert.Equal(Reason, status.GetProperty("reason").GetString());
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Equal("not_applicable", answer.GetProperty("status").GetString());
        Assert.Equal(Reason, answer.GetProperty("reason").GetString());
        Assert.Equal(id, answer.GetProperty("build_id").GetString());
        Assert.Equal(1, runner.Calls);
    }

    [Fact]
    public async Task The_metrics_and_the_status_page_count_the_outcome_as_not_applicable()
    {
        await using var service = await Start(Runner());
        var id = await service.SubmitAsync(TestService.Request());
        await service.WaitForStatusAsync(id, "not_applicable");
        (await service.PostBuildAsync(TestService.Request())).Dispose();

        var metrics = new PrometheusText(await service.Client.GetStringAsync("metrics"));
        var page = await service.Client.GetStringAsync("/");

        Assert.Equal(1, metrics.Value("kmodforge_builds_total", ("outcome", "not_applicable")));
        Assert.Equal(1, metrics.Value("kmodforge_build_requests_total", ("answer", "not_applicable")));
        Assert.Contains("<span class=\"not_applicable\">not_applicable</span>: BUILD_EXCLUSIVE_KERNEL", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_loader_client_stops_with_the_reason_after_the_build_and_at_once_on_the_next_request()
    {
        var runner = Runner();
        await using var service = await Start(runner);
        var client = new BuildServiceClient(new HttpClient(), service.Client.BaseAddress!, TestService.Token, NullBuildLog.Instance);
        var request = new BuildRequest("6.1.0-28-amd64", "x86_64", "debian", "12", "v0.1.0");

        var first = await Assert.ThrowsAsync<NotApplicableException>(() => client.WaitForPackageAsync(request, TimeSpan.FromMinutes(1), TimeSpan.FromMilliseconds(50), CancellationToken.None));
        var second = await Assert.ThrowsAsync<NotApplicableException>(() => client.WaitForPackageAsync(request, TimeSpan.FromMinutes(1), TimeSpan.FromMilliseconds(50), CancellationToken.None));

        Assert.Contains("BUILD_EXCLUSIVE_KERNEL", first.Message, StringComparison.Ordinal);
        Assert.Equal(first.Message, second.Message);
        Assert.Equal(ExitCodes.NotApplicable, FailurePolicy.Report(second).ExitCode);
        Assert.Equal(1, runner.Calls);
    }

    public void Dispose() => dir.Dispose();
}
