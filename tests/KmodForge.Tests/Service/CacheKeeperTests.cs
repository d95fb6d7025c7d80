using KmodForge.Caching;
using KmodForge.Containers;
using KmodForge.Diagnostics;
using KmodForge.IO;
using KmodForge.Pipeline;
using KmodForge.Service.Caching;
using KmodForge.Targets;
using KmodForge.Tests.Support;
using Microsoft.Extensions.Logging.Abstractions;

namespace KmodForge.Tests.Service;

/// <summary>The service's keeper runs the cache policy after a build finishes, not only on its (long) timer.</summary>
public sealed class CacheKeeperTests
{
    [ContainerFact]
    public async Task A_finished_build_wakes_the_keeper_which_prunes_over_budget_files()
    {
        using var cache = new TempDirectory();
        var engine = ContainerEngineFactory.Create(new ContainerSettings(), NullBuildLog.Instance);
        var settings = new CacheSettings { LayerNamespace = "kmodforge-test-" + Guid.NewGuid().ToString("N")[..10], FileCacheMaxSize = "0" };
        var pruner = new CachePruner(engine, new CacheUse(cache.Path), settings, cache.Combine("images"), NullBuildLog.Instance);
        using var keeper = new CacheKeeper(pruner, TimeSpan.FromHours(1), TimeProvider.System, NullLogger<CacheKeeper>.Instance, pause: TimeSpan.FromMilliseconds(100));
        await keeper.StartAsync(CancellationToken.None);
        await Task.Delay(TimeSpan.FromSeconds(5)); // the prune on start (nothing to remove yet)

        var rootfs = cache.Combine("rootfs", "debian-12-amd64.tar");
        Directory.CreateDirectory(Path.GetDirectoryName(rootfs)!);
        File.WriteAllBytes(rootfs, new byte[4096]);
        var target = TargetValidator.Validate(new BuildRequest("6.1.0-41-amd64", "x86_64", "debian", "12", "v1.0.0"), TargetFields.CommandLine).GetTargetOrThrow();
        await Assert.ThrowsAsync<InvalidOperationException>(() => new PruningBuildRunner(new FailingRunner(), keeper).BuildAsync(target, CancellationToken.None));

        for (var waited = 0; File.Exists(rootfs) && waited < 300; waited++)
        {
            await Task.Delay(100);
        }

        Assert.False(File.Exists(rootfs), "the keeper did not prune after the build (a failed one counts too)");
        await keeper.StopAsync(CancellationToken.None);
    }

    private sealed class FailingRunner : IDriverBuildRunner
    {
        public Task<DriverBuildResult> BuildAsync(BuildTarget target, CancellationToken cancellationToken) => throw new InvalidOperationException("build failed");
    }
}
