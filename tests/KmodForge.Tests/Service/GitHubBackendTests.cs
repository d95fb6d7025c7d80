using KmodForge.Naming;
using KmodForge.Service;
using KmodForge.Targets;
using KmodForge.Tests.Service.Support;
using KmodForge.Tests.Support;

namespace KmodForge.Tests.Service;

/// <summary>
/// Status transitions of GitHub builds, through real HTTP: the service's poller follows scripted workflow runs
/// (<see cref="ScriptedRuns"/>, an <c>IWorkflowRuns</c> the test drives) and the release store.
/// </summary>
public sealed class GitHubBackendTests : IDisposable
{
    private readonly TempDirectory dir = new("kmodforge-service");
    private readonly RecordingDispatcher dispatcher = new();
    private readonly MemoryReleaseStore releases = new();
    private readonly ScriptedRuns runs = new();

    private static BuildTarget Target => BuildTarget.Create("debian", "12", "6.1.0-28-amd64", "x86_64", "v0.1.0");

    [Fact]
    public async Task Follows_a_run_from_queued_to_in_progress_to_done()
    {
        await using var service = await TestService.StartAsync(TestService.Settings(dir.Path), releases, dispatcher, runs);
        var id = await service.SubmitAsync(TestService.Request());
        Assert.Equal("queued", (await service.StatusAsync(id)).GetProperty("status").GetString());

        var run = runs.Create(id, "queued");
        var queued = await service.WaitForStatusAsync(id, "queued");
        await WaitAsync(async () => (await service.StatusAsync(id)).TryGetProperty("run_url", out _));
        runs.Set(id, "in_progress");
        var building = await service.WaitForStatusAsync(id, "in_progress");
        Assert.Equal(run.HtmlUrl, building.GetProperty("run_url").GetString());
        Assert.Contains($"run {run.Id} is in progress", building.GetProperty("reason").GetString());

        var package = releases.Add(PackageNaming.ReleaseTag(Target), PackageNaming.FileName("kmodforge-sample", Target));
        runs.Set(id, "completed", "success");
        var done = await service.WaitForStatusAsync(id, "done");

        Assert.Equal("queued", queued.GetProperty("status").GetString());
        Assert.Equal(package.Location, done.GetProperty("location").GetString());
        Assert.Equal(package.Sha256, done.GetProperty("sha256").GetString());
        Assert.Equal(1, dispatcher.Count);

        // Finished: the next request for the key is answered from the release store.
        using var again = await service.PostBuildAsync(TestService.Request());
        Assert.Equal(System.Net.HttpStatusCode.OK, again.StatusCode);
        Assert.Equal(1, dispatcher.Count);
    }

    [Theory]
    [InlineData("failure")]
    [InlineData("cancelled")]
    public async Task A_run_that_fails_makes_the_build_an_error_with_the_reason(string conclusion)
    {
        await using var service = await TestService.StartAsync(TestService.Settings(dir.Path), releases, dispatcher, runs);
        var id = await service.SubmitAsync(TestService.Request());
        var run = runs.Create(id, "in_progress");
        await service.WaitForStatusAsync(id, "in_progress");

        runs.Set(id, "completed", conclusion);
        var error = await service.WaitForStatusAsync(id, "error");

        Assert.Contains($"concluded '{conclusion}'", error.GetProperty("reason").GetString());
        Assert.Contains(run.HtmlUrl, error.GetProperty("reason").GetString());
        // An error frees the key: the next request is a new build.
        Assert.NotEqual(id, await service.SubmitAsync(TestService.Request()));
        Assert.Equal(2, dispatcher.Count);
    }

    [Fact]
    public async Task A_successful_run_without_the_package_is_an_error()
    {
        await using var service = await TestService.StartAsync(TestService.Settings(dir.Path), releases, dispatcher, runs);
        var id = await service.SubmitAsync(TestService.Request());
        runs.Create(id, "in_progress");
        runs.Set(id, "completed", "success");

        var error = await service.WaitForStatusAsync(id, "error");

        Assert.Contains("is not in release v0.1.0", error.GetProperty("reason").GetString());
    }

    [Fact]
    public async Task A_run_that_outlasts_the_timeout_is_timed_out()
    {
        await using var service = await TestService.StartAsync(TestService.Settings(dir.Path, buildTimeout: TimeSpan.FromSeconds(1)), releases, dispatcher, runs);
        var id = await service.SubmitAsync(TestService.Request());
        runs.Create(id, "in_progress");

        // Not waiting for "in_progress" first: with a 1 s timeout a loaded machine may go straight to timed_out.
        var timedOut = await service.WaitForStatusAsync(id, "timed_out");

        Assert.Contains("no result within", timedOut.GetProperty("reason").GetString());
        Assert.Contains("still in_progress", timedOut.GetProperty("reason").GetString());
    }

    [Fact]
    public async Task A_build_whose_run_never_appears_times_out()
    {
        await using var service = await TestService.StartAsync(TestService.Settings(dir.Path, buildTimeout: TimeSpan.FromSeconds(1)), releases, dispatcher, runs);
        var id = await service.SubmitAsync(TestService.Request());

        var timedOut = await service.WaitForStatusAsync(id, "timed_out");

        Assert.Contains("never listed a run", timedOut.GetProperty("reason").GetString());
    }

    private static async Task WaitAsync(Func<Task<bool>> condition)
    {
        for (var deadline = DateTime.UtcNow.AddMinutes(1); DateTime.UtcNow < deadline; await Task.Delay(25))
        {
            if (await condition())
            {
                return;
            }
        }

        Assert.Fail("the condition never held");
    }

    public void Dispose() => dir.Dispose();
}
