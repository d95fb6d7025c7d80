using System.Net;
using KmodForge.Service;
using KmodForge.Tests.Service.Support;
using KmodForge.Tests.Support;

namespace KmodForge.Tests.Service;

/// <summary>The local backend with any <c>IDriverBuildRunner</c>: queue, workers, outcomes, timeout, restart.</summary>
public sealed class LocalBackendTests : IDisposable
{
    private readonly TempDirectory dir = new("kmodforge-service");
    private readonly MemoryReleaseStore releases = new();

    [Fact]
    public async Task Builds_through_the_runner_and_reports_the_package()
    {
        var runner = new RecordingRunner(releases);
        await using var service = await TestService.StartAsync(Settings(), releases, runner: runner);

        var id = await service.SubmitAsync(TestService.Request());
        var done = await service.WaitForStatusAsync(id, "done");

        Assert.Equal("https://releases.example/v0.1.0-debian-12-x86_64/kmodforge-sample-debian-12-6.1.0-28-amd64_v0.1.0_amd64.deb", done.GetProperty("location").GetString());
        Assert.Equal("local", done.GetProperty("backend").GetString());
        Assert.Equal(1, runner.Calls);
        using var again = await service.PostBuildAsync(TestService.Request());
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
    }

    [Fact]
    public async Task A_build_is_done_as_soon_as_its_package_is_published_and_a_failure_after_that_does_not_undo_it()
    {
        var runner = new RecordingRunner(releases) { AfterPublished = new(), FailureAfterPublished = new IOException("podman commit: no space left on device") };
        await using var service = await TestService.StartAsync(Settings(), releases, runner: runner);

        var id = await service.SubmitAsync(TestService.Request());
        var done = await service.WaitForStatusAsync(id, "done"); // while the runner still holds the build (its layer commit)
        Assert.Equal("built and published", done.GetProperty("reason").GetString());
        runner.AfterPublished.SetResult();

        // One worker: once a second build is done, the first one's worker has finished with it.
        runner.FailureAfterPublished = null;
        await service.WaitForStatusAsync(await service.SubmitAsync(TestService.Request(kernel: "6.1.0-29-amd64")), "done");
        Assert.Equal("done", (await service.StatusAsync(id)).GetProperty("status").GetString());
    }

    [Fact]
    public async Task A_failing_build_is_an_error_with_its_message()
    {
        var runner = new RecordingRunner(releases) { Failure = new InvalidOperationException("make: *** [Makefile:6: modules] Error 2") };
        await using var service = await TestService.StartAsync(Settings(), releases, runner: runner);

        var id = await service.SubmitAsync(TestService.Request());
        var error = await service.WaitForStatusAsync(id, "error");

        Assert.Contains("Error 2", error.GetProperty("reason").GetString());
    }

    [Fact]
    public async Task A_build_longer_than_the_timeout_is_cancelled_and_timed_out()
    {
        var runner = new RecordingRunner(releases) { Gate = new() };
        await using var service = await TestService.StartAsync(Settings(timeout: TimeSpan.FromSeconds(1)), releases, runner: runner);

        var id = await service.SubmitAsync(TestService.Request());
        var timedOut = await service.WaitForStatusAsync(id, "timed_out");

        Assert.Contains("was cancelled", timedOut.GetProperty("reason").GetString());
    }

    [Fact]
    public async Task A_full_queue_answers_503_and_records_nothing_unfinished()
    {
        var runner = new RecordingRunner(releases) { Gate = new() };
        await using var service = await TestService.StartAsync(Settings(queue: 1), releases, runner: runner);
        var running = await service.SubmitAsync(TestService.Request(kernel: "6.1.0-28-amd64"));
        await service.WaitForStatusAsync(running, "in_progress");
        await service.SubmitAsync(TestService.Request(kernel: "6.1.0-29-amd64"));

        using var refused = await service.PostBuildAsync(TestService.Request(kernel: "6.1.0-30-amd64"));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, refused.StatusCode);
        Assert.Contains("queue is full", (await TestService.ReadJsonAsync(refused)).GetProperty("error").GetString());
        Assert.Equal(2, (await service.Store.ListUnfinishedAsync("local", CancellationToken.None)).Count);
        runner.Gate.SetResult();
    }

    [Fact]
    public async Task A_build_interrupted_by_a_restart_runs_again_on_the_next_start()
    {
        var blocked = new RecordingRunner(releases) { Gate = new() };
        string id;
        await using (var first = await TestService.StartAsync(Settings(), releases, runner: blocked))
        {
            id = await first.SubmitAsync(TestService.Request());
            await first.WaitForStatusAsync(id, "in_progress");
        }

        var runner = new RecordingRunner(releases);
        await using var second = await TestService.StartAsync(Settings(), releases, runner: runner);
        await second.WaitForStatusAsync(id, "done");

        Assert.Equal(1, runner.Calls);
    }

    [Fact]
    public async Task Without_a_runner_the_service_is_not_ready_and_refuses_builds()
    {
        await using var service = await TestService.StartAsync(Settings(), releases);

        using var health = await service.Client.GetAsync("healthz");
        using var build = await service.PostBuildAsync(TestService.Request());

        Assert.Equal(HttpStatusCode.ServiceUnavailable, health.StatusCode);
        Assert.Contains("no build runner", (await TestService.ReadJsonAsync(health)).GetProperty("checks").GetProperty("backend").GetProperty("detail").GetString());
        Assert.Equal(HttpStatusCode.ServiceUnavailable, build.StatusCode);
    }

    private ServiceSettings Settings(TimeSpan? timeout = null, int queue = 16) =>
        TestService.Settings(dir.Path, BuildBackendKind.Local, buildTimeout: timeout, localQueue: queue);

    public void Dispose() => dir.Dispose();
}
