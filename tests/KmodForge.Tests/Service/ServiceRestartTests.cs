using KmodForge.Naming;
using KmodForge.Service;
using KmodForge.Service.Builds;
using KmodForge.Service.State;
using KmodForge.Targets;
using KmodForge.Tests.Service.Support;
using KmodForge.Tests.Support;

namespace KmodForge.Tests.Service;

/// <summary>Builds survive a restart: a new service on the same SQLite file continues them and never dispatches twice.</summary>
public sealed class ServiceRestartTests : IDisposable
{
    private readonly TempDirectory dir = new("kmodforge-service");
    private readonly RecordingDispatcher dispatcher = new();
    private readonly MemoryReleaseStore releases = new();
    private readonly ScriptedRuns runs = new();

    private static BuildTarget Target => BuildTarget.Create("debian", "12", "6.1.0-28-amd64", "x86_64", "v0.1.0");

    [Fact]
    public async Task A_restart_in_the_middle_of_a_build_continues_it_without_a_second_dispatch()
    {
        string id;
        await using (var first = await TestService.StartAsync(TestService.Settings(dir.Path), releases, dispatcher, runs))
        {
            id = await first.SubmitAsync(TestService.Request());
            runs.Create(id, "in_progress");
            await first.WaitForStatusAsync(id, "in_progress");
        }

        await using var second = await TestService.StartAsync(TestService.Settings(dir.Path), releases, dispatcher, runs);
        Assert.Equal("in_progress", (await second.StatusAsync(id)).GetProperty("status").GetString());
        Assert.Equal(id, await second.SubmitAsync(TestService.Request()));

        var package = releases.Add(PackageNaming.ReleaseTag(Target), PackageNaming.FileName("kmodforge-sample", Target));
        runs.Set(id, "completed", "success");
        var done = await second.WaitForStatusAsync(id, "done");

        Assert.Equal(package.Location, done.GetProperty("location").GetString());
        Assert.Equal(1, dispatcher.Count);
    }

    [Fact]
    public async Task A_build_left_dispatching_whose_run_exists_is_adopted_not_dispatched_again()
    {
        // The crash window: the dispatch reached GitHub, the process died before recording it.
        var id = await LeaveDispatchingAsync();
        var run = runs.Create(id, "in_progress");

        await using var service = await TestService.StartAsync(TestService.Settings(dir.Path), releases, dispatcher, runs);
        var status = await service.WaitForStatusAsync(id, "in_progress");

        Assert.Equal(run.HtmlUrl, status.GetProperty("run_url").GetString());
        Assert.Equal(0, dispatcher.Count);
    }

    [Fact]
    public async Task A_build_left_dispatching_with_no_run_after_the_grace_period_is_dispatched_once()
    {
        // The other crash window: the process died before (or while) dispatching; no run names the build.
        var id = await LeaveDispatchingAsync();
        await using var service = await TestService.StartAsync(TestService.Settings(dir.Path, recoveryGrace: TimeSpan.Zero), releases, dispatcher, runs);
        for (var deadline = DateTime.UtcNow.AddMinutes(1); dispatcher.Count == 0 && DateTime.UtcNow < deadline;)
        {
            await Task.Delay(25);
        }

        var lookups = runs.Lookups;
        for (var deadline = DateTime.UtcNow.AddMinutes(1); runs.Lookups < lookups + 5 && DateTime.UtcNow < deadline;)
        {
            await Task.Delay(25);
        }

        var dispatch = Assert.Single(dispatcher.Dispatches);
        Assert.Equal(id, dispatch.Inputs["build_id"]);
        var build = await service.Store.GetAsync(id, CancellationToken.None);
        Assert.Equal(BuildState.Queued, build!.State);
        Assert.Equal(1, build.DispatchAttempts);
    }

    [Fact]
    public async Task A_build_left_dispatching_waits_for_its_run_during_the_grace_period()
    {
        var id = await LeaveDispatchingAsync();

        await using var service = await TestService.StartAsync(TestService.Settings(dir.Path), releases, dispatcher, runs);
        var lookups = runs.Lookups;
        for (var deadline = DateTime.UtcNow.AddMinutes(1); runs.Lookups < lookups + 5 && DateTime.UtcNow < deadline;)
        {
            await Task.Delay(25);
        }

        Assert.Equal(0, dispatcher.Count);
        Assert.Equal("queued", (await service.StatusAsync(id)).GetProperty("status").GetString());
    }

    [Fact]
    public async Task Logs_carry_the_build_id_in_scope()
    {
        var logs = new CapturingLoggerProvider();
        await using var service = await TestService.StartAsync(TestService.Settings(dir.Path), releases, dispatcher, runs, logs: logs);

        var id = await service.SubmitAsync(TestService.Request());

        Assert.Contains(logs.Entries, e => e.Message.Contains("dispatched", StringComparison.Ordinal) && Equals(e.Scope.GetValueOrDefault("BuildId"), id));
    }

    private async Task<string> LeaveDispatchingAsync()
    {
        var store = new SqliteBuildStore(TestService.Settings(dir.Path).StatePath);
        await store.InitializeAsync(CancellationToken.None);
        var build = BuildRecord.Create(new CacheKey("kmodforge-sample", Target), "github", DateTimeOffset.UtcNow);
        var (_, inserted) = await store.InsertUnlessUnfinishedAsync(build, CancellationToken.None);
        Assert.True(inserted);
        return build.Id;
    }

    public void Dispose() => dir.Dispose();
}
