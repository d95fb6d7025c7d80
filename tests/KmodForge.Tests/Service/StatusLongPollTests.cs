using System.Diagnostics;
using KmodForge.Diagnostics;
using KmodForge.Loader.Fetching;
using KmodForge.Service;
using KmodForge.Service.Api;
using KmodForge.Service.Builds;
using KmodForge.Targets;
using KmodForge.Tests.Service.Support;
using KmodForge.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Primitives;

namespace KmodForge.Tests.Service;

/// <summary>GET /status/{id} as a long poll (<c>Prefer: wait=N</c>), and the loader's client using it.</summary>
public sealed class StatusLongPollTests : IDisposable
{
    private readonly TempDirectory dir = new("kmodforge-service");
    private readonly MemoryReleaseStore releases = new();

    [Theory]
    [InlineData("wait=10", 10)]
    [InlineData("respond-async, wait=5", 5)]
    [InlineData(" WAIT = 7 ", 7)]
    [InlineData("wait=12; extension=1", 12)]
    [InlineData("wait=\"3\"", 3)]
    [InlineData("wait=999", 30)]
    [InlineData("wait=0", null)]
    [InlineData("wait=abc", null)]
    [InlineData("wait=-1", null)]
    [InlineData("wait=1.5", null)]
    [InlineData("wait=", null)]
    [InlineData("return=minimal", null)]
    [InlineData("", null)]
    public void The_wait_asked_is_read_from_the_prefer_header_and_capped(string prefer, int? seconds)
    {
        Assert.Equal(seconds is { } s ? TimeSpan.FromSeconds(s) : null, StatusWait.Requested(new StringValues(prefer)));
    }

    [Fact]
    public async Task Changes_wake_the_waiters_of_that_build_only()
    {
        var changes = new BuildChanges();
        var first = changes.Next("a");
        var other = changes.Next("b");

        changes.Changed("b");
        Assert.False(first.IsCompleted);
        Assert.True(other.IsCompleted);
        Assert.Same(first, changes.Next("a"));

        changes.Changed("a");
        await first.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(0, changes.Waited);
        Assert.NotSame(first, changes.Next("a"));
    }

    [Fact]
    public async Task A_held_status_answers_as_soon_as_the_build_is_done()
    {
        var runner = new RecordingRunner(releases) { Gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously) };
        await using var service = await TestService.StartAsync(TestService.Settings(dir.Path, BuildBackendKind.Local), releases, runner: runner);
        var id = await service.SubmitAsync(TestService.Request());
        await runner.Started.Task.WaitAsync(TimeSpan.FromMinutes(1));
        await service.WaitForStatusAsync(id, "in_progress");

        var held = Held(service, id, wait: 30);
        Assert.False(held.IsCompleted);
        runner.Gate.SetResult();
        // Well before the 30 s asked for: the answer is sent when the build records its end.
        var (response, json) = await held.WaitAsync(TimeSpan.FromSeconds(20));

        Assert.Equal("done", json.GetProperty("status").GetString());
        Assert.Equal("wait=30", Assert.Single(response.Headers.GetValues("Preference-Applied")));
    }

    [Fact]
    public async Task A_held_status_with_no_change_answers_when_the_wait_is_over_and_a_plain_one_at_once()
    {
        var runner = new RecordingRunner(releases) { Gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously) };
        await using var service = await TestService.StartAsync(TestService.Settings(dir.Path, BuildBackendKind.Local), releases, runner: runner);
        var id = await service.SubmitAsync(TestService.Request());
        await service.WaitForStatusAsync(id, "in_progress");

        var watch = Stopwatch.StartNew();
        var (response, json) = await Held(service, id, wait: 1);
        Assert.True(watch.Elapsed >= TimeSpan.FromMilliseconds(900), $"answered after {watch.Elapsed.TotalMilliseconds:0} ms, not held for the 1 s asked");
        Assert.Equal("in_progress", json.GetProperty("status").GetString());
        Assert.Equal("wait=1", Assert.Single(response.Headers.GetValues("Preference-Applied")));

        using var plain = await service.Client.GetAsync("status/" + id);
        Assert.False(plain.Headers.Contains("Preference-Applied"));
        runner.Gate.SetResult();
        await service.WaitForStatusAsync(id, "done");
        // A finished build is answered at once, however long the wait asked for.
        var finished = await Held(service, id, wait: 30).WaitAsync(TimeSpan.FromSeconds(20));
        Assert.Equal("done", finished.Json.GetProperty("status").GetString());
    }

    [Fact]
    public async Task The_loader_learns_done_from_a_held_answer_not_at_its_next_poll()
    {
        var runner = new RecordingRunner(releases) { Gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously) };
        await using var service = await TestService.StartAsync(TestService.Settings(dir.Path, BuildBackendKind.Local), releases, runner: runner);
        var client = new BuildServiceClient(new HttpClient(), service.Client.BaseAddress!, TestService.Token, NullBuildLog.Instance);

        // A poll interval far beyond the wait: without the long poll the client would give up after its first status.
        var waiting = client.WaitForPackageAsync(new BuildRequest("6.1.0-28-amd64", "x86_64", "debian", "12", "v0.1.0"),
            TimeSpan.FromMinutes(2), TimeSpan.FromMinutes(10), CancellationToken.None);
        await runner.Started.Task.WaitAsync(TimeSpan.FromMinutes(1));
        // The build ends only once the client's status request is held by the service.
        var changes = service.App.Services.GetRequiredService<BuildChanges>();
        for (var polls = 0; changes.Waited == 0 && !waiting.IsCompleted && polls < 600; polls++)
        {
            await Task.Delay(100);
        }

        runner.Gate.SetResult();
        await waiting.WaitAsync(TimeSpan.FromSeconds(60));
        Assert.Equal(1, runner.Calls);
    }

    private static async Task<(HttpResponseMessage Response, System.Text.Json.JsonElement Json)> Held(TestService service, string id, int wait)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "status/" + id);
        request.Headers.TryAddWithoutValidation("Prefer", $"wait={wait}");
        var response = await service.Client.SendAsync(request);
        response.EnsureSuccessStatusCode();
        return (response, await TestService.ReadJsonAsync(response));
    }

    public void Dispose() => dir.Dispose();
}
