using System.Collections.Concurrent;
using KmodForge.Containers;
using KmodForge.Diagnostics;
using KmodForge.Headers;

namespace KmodForge.Tests.Headers;

/// <summary>
/// The session layer's rules, against an engine that records what it is asked: what runs in the session and what
/// waits for the commit; one commit; the session always ended; the image used when the session keeps a network.
/// </summary>
public sealed class SessionLayerTests
{
    private const string Tag = "kmodforge/headers-debian:12-amd64-6.1.0-57-amd64-1a2b3c4d";
    private static readonly Mount Source = new("/work/abc/src", "/build/src");
    private readonly StringWriter logText = new();
    private readonly IBuildLog log;

    public SessionLayerTests() => log = BuildLogFactory.Create(new BuildLogOptions(), _ => null, logText);

    private static ContainerRunRequest Compile(params Mount[] mounts) =>
        new(Tag, ["sh", "-c", "make"]) { Mounts = mounts, Network = "none", WorkingDirectory = "/build/src", Platform = "linux/amd64" };

    private async Task<(SessionLayer Layer, RecordingSessionEngine Engine)> IsolatedAsync(string? interfaces = null)
    {
        var engine = new RecordingSessionEngine { Interfaces = interfaces };
        var layer = await SessionLayer.IsolateAsync(engine, engine, "kmodforge-s1", new ImageCommitRequest(Tag), [Source], "linux/amd64", log, CancellationToken.None);
        return (layer, engine);
    }

    [Fact]
    public async Task The_compile_runs_in_the_session_with_its_working_directory_and_environment_the_first_run_checking_the_isolation()
    {
        var (layer, engine) = await IsolatedAsync();

        var first = await layer.Engine.RunAsync(Compile(Source) with { Environment = new Dictionary<string, string> { ["V"] = "1" } }, CancellationToken.None);
        var second = await layer.Engine.RunAsync(Compile(Source), CancellationToken.None);

        Assert.Equal(0, first.ExitCode);
        Assert.Equal(0, second.ExitCode);
        Assert.Equal(
            ["disconnect kmodforge-s1", $"exec kmodforge-s1 {string.Join(' ', ContainerIsolation.Guarded(["sh", "-c", "make"]))} in /build/src V=1", "exec kmodforge-s1 sh -c make in /build/src"],
            engine.Calls);
        Assert.False(layer.Keeping);
    }

    [Fact]
    public async Task Keeping_commits_once_and_ends_the_session_and_later_runs_use_the_committed_image()
    {
        var (layer, engine) = await IsolatedAsync();

        layer.StartKeeping();
        layer.StartKeeping();
        await layer.FinishAsync(keep: true);
        await layer.FinishAsync(keep: true);
        await layer.Engine.RunAsync(Compile(Source), CancellationToken.None);

        Assert.Equal(["commit kmodforge-s1 " + Tag, "end kmodforge-s1", "run " + Tag], engine.Calls.Skip(1));
        Assert.Contains("kept " + Tag, logText.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_command_given_to_keeping_runs_in_the_session_before_the_commit_and_what_it_said_is_logged()
    {
        var (layer, engine) = await IsolatedAsync();
        engine.Answer = command => command[^1] == "fill" ? new ContainerRunResult(0, "copying\nkmodforge-probes: 29\n", string.Empty) : null;

        layer.StartKeeping(["sh", "-c", "fill"]);
        layer.StartKeeping(["sh", "-c", "fill"]);
        await layer.FinishAsync(keep: true);

        Assert.Equal(["exec kmodforge-s1 sh -c fill", "commit kmodforge-s1 " + Tag, "end kmodforge-s1"], engine.Calls.Skip(1));
        Assert.Contains($"before keeping {Tag}: kmodforge-probes: 29", logText.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_failed_command_before_the_commit_still_keeps_the_layer_and_says_so(bool throws)
    {
        var (layer, engine) = await IsolatedAsync();
        engine.Answer = command => command[^1] != "fill" ? null
            : throws ? throw new ContainerEngineException("`podman exec` did not finish within 300 s and was killed", -1)
            : new ContainerRunResult(1, string.Empty, "cp: no space left on device\n");

        layer.StartKeeping(["sh", "-c", "fill"]);
        await layer.FinishAsync(keep: true);

        Assert.Equal(["exec kmodforge-s1 sh -c fill", "commit kmodforge-s1 " + Tag, "end kmodforge-s1"], engine.Calls.Skip(1));
        Assert.True(engine.Images.ContainsKey(Tag));
        Assert.Contains(throws ? "was killed; kept without it" : "exit code 1 (cp: no space left on device); kept without it", logText.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_session_committed_already_runs_no_command_before_keeping()
    {
        var (layer, engine) = await IsolatedAsync(interfaces: "eth0");
        await layer.Engine.RunAsync(Compile(Source), CancellationToken.None);

        layer.StartKeeping(["sh", "-c", "fill"]);
        await layer.FinishAsync(keep: true);

        Assert.DoesNotContain(engine.Calls, call => call.EndsWith("fill", StringComparison.Ordinal));
        Assert.Single(engine.Calls, call => call.StartsWith("commit ", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_run_the_session_cannot_serve_waits_for_the_commit_then_runs_in_the_image()
    {
        var (layer, engine) = await IsolatedAsync();

        // A dkms.conf build mounts the source elsewhere; a run that wants a network; another image: none of them fit.
        await layer.Engine.RunAsync(Compile(new Mount("/work/abc/src", "/var/lib/dkms/x/1/build")), CancellationToken.None);
        await layer.Engine.RunAsync(Compile(Source) with { Network = null }, CancellationToken.None);
        await layer.Engine.RunAsync(Compile(Source) with { Image = "kmodforge/base-debian:12-amd64" }, CancellationToken.None);

        Assert.Equal(["commit kmodforge-s1 " + Tag, "end kmodforge-s1", "run " + Tag, "run " + Tag, "run kmodforge/base-debian:12-amd64"], engine.Calls.Skip(1));
        Assert.True(layer.Keeping);
    }

    [Fact]
    public async Task Looking_up_the_layers_image_commits_it_first()
    {
        var (layer, engine) = await IsolatedAsync();

        Assert.True(await layer.Engine.ImageExistsAsync(Tag, CancellationToken.None));
        Assert.False(await layer.Engine.ImageExistsAsync("kmodforge/other:1", CancellationToken.None));
        Assert.Equal(["commit kmodforge-s1 " + Tag, "end kmodforge-s1"], engine.Calls.Skip(1));
    }

    [Fact]
    public async Task A_cancelled_build_ends_the_session_without_a_commit()
    {
        var (layer, engine) = await IsolatedAsync();

        await layer.FinishAsync(keep: false);

        Assert.Equal(["end kmodforge-s1"], engine.Calls.Skip(1));
        Assert.Empty(engine.Images);
    }

    [Fact]
    public async Task A_failed_commit_is_a_warning_that_names_the_layer_and_the_session_still_ends()
    {
        var (layer, engine) = await IsolatedAsync();
        engine.FailCommit = true;

        await layer.FinishAsync(keep: true);

        Assert.Equal(["commit kmodforge-s1 " + Tag, "end kmodforge-s1"], engine.Calls.Skip(1));
        Assert.Contains($"could not keep the header layer {Tag}", logText.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_session_that_keeps_a_network_runs_nothing_the_first_run_commits_it_and_runs_in_the_image()
    {
        var (layer, engine) = await IsolatedAsync(interfaces: "eth0");

        await layer.Engine.RunAsync(Compile(Source), CancellationToken.None);
        await layer.Engine.RunAsync(Compile(Source), CancellationToken.None);

        Assert.Equal(["commit kmodforge-s1 " + Tag, "end kmodforge-s1", "run " + Tag, "run " + Tag], engine.Calls.Skip(2));
        Assert.Contains("still has a network (eth0)", logText.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void A_guarded_commands_refusal_is_told_from_its_own_failure()
    {
        Assert.Equal("eth0 tap0", ContainerIsolation.NetworkOf(new ContainerRunResult(97, string.Empty, "kmodforge-isolation: eth0 tap0 \n")));
        Assert.Null(ContainerIsolation.NetworkOf(new ContainerRunResult(97, string.Empty, "make: *** Error 97")));
        Assert.Null(ContainerIsolation.NetworkOf(new ContainerRunResult(2, string.Empty, "kmodforge-isolation: eth0")));
    }

    /// <summary>Records every call; the isolation check answers <see cref="Interfaces"/>; a commit makes the image exist.</summary>
    private sealed class RecordingSessionEngine : IContainerEngine, IContainerSessions
    {
        public ConcurrentQueue<string> Calls { get; } = new();

        public ConcurrentDictionary<string, bool> Images { get; } = new();

        /// <summary>The interfaces besides lo the session has (null: none).</summary>
        public string? Interfaces { get; init; }

        public bool FailCommit { get; set; }

        /// <summary>What an exec answers (null: the default answer); may throw.</summary>
        public Func<IReadOnlyList<string>, ContainerRunResult?>? Answer { get; set; }

        public string Name => "recording";

        public Task<string> StartSessionAsync(ContainerRunRequest request, TimeSpan lifetime, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task<ContainerRunResult> ExecAsync(string container, ContainerExecRequest request, CancellationToken cancellationToken)
        {
            var env = string.Concat(request.Environment.Select(kv => $" {kv.Key}={kv.Value}"));
            Calls.Enqueue($"exec {container} {string.Join(' ', request.Command)}{(request.WorkingDirectory is null ? string.Empty : " in " + request.WorkingDirectory)}{env}");
            if (Answer?.Invoke(request.Command) is { } answer)
            {
                return Task.FromResult(answer);
            }

            var guarded = request.Command.Count > 3 && request.Command[3] == "kmodforge-isolated";
            return Task.FromResult(guarded && Interfaces is not null
                ? new ContainerRunResult(ContainerIsolation.NotIsolatedExitCode, string.Empty, "kmodforge-isolation: " + Interfaces)
                : new ContainerRunResult(0, string.Empty, string.Empty));
        }

        public Task DisconnectNetworksAsync(string container, CancellationToken cancellationToken)
        {
            Calls.Enqueue($"disconnect {container}");
            return Task.CompletedTask;
        }

        public async Task CommitAsync(string container, ImageCommitRequest commit, CancellationToken cancellationToken)
        {
            Calls.Enqueue($"commit {container} {commit.Tag}");
            await Task.Delay(20, cancellationToken);
            _ = FailCommit ? throw new ContainerEngineException("podman commit: no space left on device", 125) : Images[commit.Tag] = true;
        }

        public Task EndSessionAsync(string container)
        {
            Calls.Enqueue($"end {container}");
            return Task.CompletedTask;
        }

        public Task<ContainerRunResult> RunAsync(ContainerRunRequest request, CancellationToken cancellationToken)
        {
            Calls.Enqueue($"run {request.Image}");
            return Task.FromResult(new ContainerRunResult(0, string.Empty, string.Empty));
        }

        public Task<bool> ImageExistsAsync(string image, CancellationToken cancellationToken) => Task.FromResult(Images.ContainsKey(image));

        public Task<ContainerRunResult> RunAndCommitAsync(ContainerRunRequest request, ImageCommitRequest commit, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task BuildAsync(ImageBuildRequest request, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task<ImageInfo?> InspectImageAsync(string image, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task SaveAsync(string image, string tarPath, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task LoadAsync(string tarPath, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task ImportAsync(string tarPath, string image, string? platform, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task TagAsync(string source, string target, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task PushAsync(string image, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task PullAsync(string image, string? platform, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task RemoveImageAsync(string image, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task<IReadOnlyList<string>> ListImagesAsync(string label, CancellationToken cancellationToken) => throw new NotSupportedException();
    }
}
