using KmodForge.Containers;
using KmodForge.Diagnostics;
using KmodForge.Images;
using KmodForge.Naming;
using KmodForge.Service.Backends.Local;
using KmodForge.Service.Builds;
using KmodForge.Service.State;
using KmodForge.Targets;
using KmodForge.Tests.Support;
using Microsoft.Extensions.Logging.Abstractions;

namespace KmodForge.Tests.Service;

/// <summary>
/// A service killed with kill -9 during a local build leaves the build's container running. At the next start the
/// service removes the labelled containers of its builds that no longer run, and nothing else.
/// </summary>
[Collection("Containers")]
public sealed class OrphanedContainersTests : IDisposable
{
    private readonly TempDirectory temp = new();
    private readonly List<string> started = [];

    [ContainerFact]
    public async Task Removes_a_dead_builds_sleeping_container_and_keeps_running_builds_and_others()
    {
        var log = NullBuildLog.Instance;
        var engine = ContainerEngineFactory.Create(new ContainerSettings(), log);
        var image = (await BaseImageBuilder.Create(engine, new BaseImageSettings(), RepoPaths.Root, log)
            .EnsureAsync(DistroRegistry.Debian, DistroRegistry.Debian.GetVersion("12"), Architecture.X86_64, CancellationToken.None)).Tag;
        var store = new SqliteBuildStore(temp.Combine("builds.db"));
        await store.InitializeAsync(CancellationToken.None);
        var dead = await Insert(store, "6.1.0-28-amd64");
        var running = await Insert(store, "6.1.0-29-amd64");

        // The dead build's container, as the killed process left it, and one another service (unknown build id) owns.
        var orphan = Detached(image, dead);
        var foreign = Detached(image, "0123456789abcdef0123456789abcdef");

        // A build of this process starts its container through the engine: the label comes from the build's scope.
        using var stop = new CancellationTokenSource();
        Task<ContainerRunResult> live;
        using (ContainerLabels.ForBuild(running))
        {
            live = engine.RunAsync(new ContainerRunRequest(image, ["sleep", "300"]), stop.Token);
        }

        await WaitUntil(async () => (await engine.ListAsync(CancellationToken.None)).Any(c => c.BuildId == running));

        var removed = await new OrphanedContainers(engine, store, NullLogger.Instance).ReapAsync(id => id == running, CancellationToken.None);

        var left = await engine.ListAsync(CancellationToken.None);
        Assert.Equal(1, removed);
        Assert.DoesNotContain(left, c => c.Id == orphan);
        Assert.Contains(left, c => c.Id == foreign);
        Assert.Contains(left, c => c.BuildId == running);
        await stop.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => live);
    }

    private static async Task<string> Insert(SqliteBuildStore store, string kernel)
    {
        var key = new CacheKey("kmodforge-sample", BuildTarget.Create("debian", "12", kernel, "x86_64", "v0.1.0"));
        var (build, _) = await store.InsertUnlessUnfinishedAsync(BuildRecord.Create(key, "local", DateTimeOffset.UtcNow), CancellationToken.None);
        await store.UpdateAsync(build.Id, new BuildUpdate(BuildState.InProgress, "building on this machine"), DateTimeOffset.UtcNow, CancellationToken.None);
        return build.Id;
    }

    private string Detached(string image, string buildId)
    {
        var id = ProcessRunner.Run("podman", "run", "-d", "--rm", "--label", $"{ContainerLabels.BuildIdLabel}={buildId}", image, "sleep", "300")
            .EnsureSuccess("podman run -d").Output.Trim();
        started.Add(id);
        return id;
    }

    private static async Task WaitUntil(Func<Task<bool>> condition)
    {
        for (var i = 0; i < 120 && !await condition(); i++)
        {
            await Task.Delay(500);
        }
    }

    public void Dispose()
    {
        foreach (var id in started)
        {
            ProcessRunner.Run("podman", "rm", "--force", "--time", "0", id);
        }

        temp.Dispose();
    }
}
