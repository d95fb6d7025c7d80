using System.Diagnostics;
using KmodForge.Configuration;
using KmodForge.Diagnostics;
using KmodForge.Headers;
using KmodForge.Pipeline;

namespace KmodForge.Bench;

/// <summary>
/// The foundation's benchmark: a cold build of one Debian kernel (its per-kernel header layer removed first, so headers
/// are downloaded and installed), then a warm rebuild of the same kernel for a new driver version (the layer is
/// reused). Prints the time of every phase of both, and the warm/cold ratio.
/// Usage: dotnet run --project bench/KmodForge.Bench -c Release -- driver-build [--kernel-release=latest|&lt;release&gt;]
/// </summary>
public static class DriverBuildBenchmark
{
    public static async Task<int> RunAsync(string[] args)
    {
        var root = FindRoot();
        var scratch = Path.Combine(Path.GetTempPath(), $"kmodforge-bench-{Guid.NewGuid():N}");
        var kernel = args.FirstOrDefault(a => a.StartsWith("--kernel-release=", StringComparison.Ordinal)) ?? "--kernel-release=latest";
        var stamp = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        string[] Settings(string driverVersion) =>
        [
            "--distribution=debian", "--distro-version=12", kernel, "--architecture=x86_64", $"--driver-version={driverVersion}",
            $"--release-dir={Path.Combine(scratch, "releases")}", $"--work-dir={Path.Combine(scratch, "work")}",
        ];

        var log = BuildLogFactory.Create(new BuildLogOptions { Verbosity = LogVerbosity.Minimal }, Environment.GetEnvironmentVariable);
        try
        {
            var cold = ArgumentSettingsProvider.FromArgs(Settings($"v0.0.{stamp % 1000}"));
            var services = DriverBuildFactory.CreateServices(cold, log, root);
            var target = await DriverBuildFactory.ResolveTargetAsync(cold.Get<DriverBuildSettings>(), services, CancellationToken.None);
            // The layer is keyed by the base image's ID as well as the release (in the build's layer namespace): remove exactly the one this build would reuse.
            var baseImage = await services.BaseImages.EnsureAsync(target.Distribution, target.DistroVersion, target.Architecture, CancellationToken.None);
            var baseImageId = (await services.Engine.InspectImageAsync(baseImage.Tag, CancellationToken.None))?.Id;
            var layer = HeaderLayer.ImageTag(target, baseImageId, services.LayerNamespace);
            if (await services.Engine.ImageExistsAsync(layer, CancellationToken.None))
            {
                await services.Engine.RemoveImageAsync(layer, CancellationToken.None);
            }

            var pipeline = new DriverBuildPipeline(DriverBuildFactory.CreateOptions(cold, root), services);
            var total = Stopwatch.StartNew();
            var coldBuild = await pipeline.RunAsync(target, CancellationToken.None);
            var coldTime = total.Elapsed;
            if (coldBuild.HeaderLayer is not { Cached: false })
            {
                // A "cold" build that reused a layer measured a warm build: refuse to print a ratio that means nothing.
                Console.Error.WriteLine($"driver-build benchmark: the cold build reused the header layer {coldBuild.HeaderLayer?.Image} (removing {layer} did not make it cold); no figures reported");
                return 1;
            }

            total.Restart();
            var warmBuild = await pipeline.RunAsync(target.WithDriverVersion($"v0.1.{stamp % 1000}"), CancellationToken.None);
            var warmTime = total.Elapsed;

            Console.WriteLine($"driver-build benchmark: debian 12 x86_64 kernel {target.KernelRelease}");
            Console.WriteLine($"{"phase",-14} {"cold (s)",10} {"warm (s)",10}");
            foreach (var (phase, duration) in coldBuild.Durations)
            {
                var warm = warmBuild.Durations.FirstOrDefault(d => d.Phase == phase).Duration;
                Console.WriteLine($"{phase,-14} {duration.TotalSeconds,10:0.00} {warm.TotalSeconds,10:0.00}");
            }

            Console.WriteLine($"{"total",-14} {coldTime.TotalSeconds,10:0.00} {warmTime.TotalSeconds,10:0.00}");
            Console.WriteLine($"warm/cold ratio: {warmTime.TotalSeconds / coldTime.TotalSeconds:0.000} (header layer reused: {warmBuild.HeaderLayer?.Cached})");
            return 0;
        }
        finally
        {
            Directory.Delete(scratch, recursive: true);
        }
    }

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "KmodForge.sln")))
            {
                return dir.FullName;
            }
        }

        return Directory.GetCurrentDirectory();
    }
}
