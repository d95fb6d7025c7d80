using KmodForge.Caching;
using KmodForge.Pipeline;
using KmodForge.Tests.Support;
using Xunit.Abstractions;

namespace KmodForge.Tests.Pipeline;

/// <summary>
/// For real: the sample module built for the newest bookworm kernel with its header layer in a namespace of the test's
/// own; the cache policy (zero layer budget, scoped to that namespace) prunes the layer; the same kernel built again
/// rebuilds the layer and publishes. Nothing outside the test's namespace and cache folder can be pruned.
/// </summary>
[Collection("Containers")]
public sealed class PrunedLayerRebuildTests(ITestOutputHelper output) : IDisposable
{
    private readonly DriverBuildHarness harness = new(output);
    private readonly string space = "kmodforge-test-" + Guid.NewGuid().ToString("N")[..10];

    [ContainerFact]
    public async Task A_kernel_built_again_after_its_layer_was_pruned_rebuilds_the_layer_and_publishes()
    {
        var (target, first, services) = await harness.BuildAsync(
            "--distribution=debian", "--distro-version=12", "--kernel-release=latest", "--architecture=x86_64", "--driver-version=v0.1.0",
            $"--layer-namespace={space}", $"--cache-dir={harness.Temp.Combine("cache")}");
        var layer = first.HeaderLayer!.Image;
        try
        {
            Assert.StartsWith(space + "/headers-debian:12-amd64-", layer, StringComparison.Ordinal);
            Assert.NotNull(first.Published);
            Assert.Contains(services.CacheUse!.Read().Keys, k => k == KmodForge.IO.CacheUse.ImageKey(layer));

            // Headers installed and compiled in the build's session container, the layer committed after the package
            // was published: with its labels, without apt's lists and caches.
            Assert.NotNull(first.HeaderLayer.Session);
            Assert.Contains(first.Durations, d => d.Phase == DriverBuild.KeepLayerPhase);
            Assert.Equal(["headers", "compile", "sign", "verify", "package", "publish", DriverBuild.KeepLayerPhase],
                first.Durations.Select(d => d.Phase).SkipWhile(p => p != "headers"));
            var info = await services.Engine.InspectImageAsync(layer, CancellationToken.None);
            Assert.Equal(target.KernelRelease, info?.Labels[KmodForge.Headers.HeaderLayer.KernelReleaseLabel]);
            var clean = await services.Engine.RunAsync(new KmodForge.Containers.ContainerRunRequest(layer,
                ["sh", "-c", "[ -z \"$(ls -A /var/lib/apt/lists | grep -vx -e partial -e lock)\" ] && ! ls /var/cache/apt/archives/*.deb /var/cache/apt/*.bin"]) { Network = "none" }, CancellationToken.None);
            Assert.True(clean.ExitCode == 0, "apt's lists, caches and .debs are not kept in the layer: " + clean.StandardOutput);
            // The kbuild probes were answered in the session before its commit (make -n in a copy of the source) and are kept: answered (never failed) probes.
            var probes = await services.Engine.RunAsync(new KmodForge.Containers.ContainerRunRequest(layer,
                ["sh", "-c", $"cat {KmodForge.Headers.CompilerProbeCache.Directory}/*.key | cut -f1 | sort | uniq -c"]) { Network = "none" }, CancellationToken.None);
            Assert.True(probes.ExitCode == 0, "the layer keeps the compiler probe cache: " + probes.StandardError);
            Assert.Matches(@"^\s*(1[0-9]|[2-9][0-9]|[1-9][0-9]{2}) 0$", probes.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries)[0]);

            var settings = new CacheSettings { LayerNamespace = space, LayerCacheMaxSize = "0", FileCacheMaxSize = "1TiB" };
            var report = await new CachePruner(services.Engine, services.CacheUse, settings, harness.Temp.Combine("cache", "images"), services.Log)
                .RunAsync(dryRun: false, CancellationToken.None);
            Assert.Equal([layer], report.Removed.Select(r => r.Name));
            Assert.InRange(report.Layers.TotalBytes, 10L << 20, 2L << 30); // a real header layer: tens to hundreds of MiB over its base
            Assert.False(await services.Engine.ImageExistsAsync(layer, CancellationToken.None));

            var (pipeline, _, _) = harness.Create(
                "--distribution=debian", "--distro-version=12", "--architecture=x86_64", $"--layer-namespace={space}", $"--cache-dir={harness.Temp.Combine("cache")}");
            var again = await pipeline.RunAsync(target.WithDriverVersion("v0.1.1"), CancellationToken.None);

            Assert.False(again.HeaderLayer!.Cached);
            Assert.Equal(layer, again.HeaderLayer.Image);
            Assert.NotNull(again.Published);
            Assert.True(await services.Engine.ImageExistsAsync(layer, CancellationToken.None));

            // On a machine thrown away after the build (--keep-header-layer=false, as the workflows pass it): published, no layer committed.
            await services.Engine.RemoveImageAsync(layer, CancellationToken.None);
            var (throwaway, _, _) = harness.Create(
                "--distribution=debian", "--distro-version=12", "--architecture=x86_64", $"--layer-namespace={space}", $"--cache-dir={harness.Temp.Combine("cache")}",
                "--keep-header-layer=false");
            var unkept = await throwaway.RunAsync(target.WithDriverVersion("v0.1.2"), CancellationToken.None);
            Assert.NotNull(unkept.Published);
            Assert.NotNull(unkept.HeaderLayer!.Session);
            Assert.False(await services.Engine.ImageExistsAsync(layer, CancellationToken.None));
        }
        finally
        {
            if (await services.Engine.ImageExistsAsync(layer, CancellationToken.None))
            {
                await services.Engine.RemoveImageAsync(layer, CancellationToken.None);
            }
        }
    }

    public void Dispose() => harness.Dispose();
}
