using System.Diagnostics;
using KmodForge.Configuration;
using KmodForge.Diagnostics;
using KmodForge.Headers;
using KmodForge.Pipeline;

namespace KmodForge.Bench;

/// <summary>
/// The foundation's benchmark, in paired, alternating rounds on one Debian kernel with the base image present:
/// the same steps by hand in one container (the floor), a cold build (its per-kernel header layer removed first, so
/// headers are downloaded and installed), and a warm rebuild for a new driver version (the layer reused). The by-hand
/// run and the cold build swap order every round, and every timed run starts with the dirty pages written back. Prints every round, the median phases, and the ratios against their
/// targets: cold/by-hand ≤ 1.15, warm/cold ≤ 0.25, on-demand ≤ 1.3 × cold + 2 s (the loader
/// on a node with an unbuilt kernel, through the service's local backend, see <see cref="DriverBuildOnDemand"/>). Refuses to report when a "cold" build reused a layer.
/// Usage: dotnet run --project bench/KmodForge.Bench -c Release -- driver-build [--kernel-release=latest|&lt;release&gt;] [--rounds=3]
/// </summary>
public static class DriverBuildBenchmark
{
    /// <summary>
    /// The benchmark's own layer namespace: on a shared machine another build of the same kernel would otherwise make
    /// the layer between its removal and the cold build (seen here: the guard refused that round).
    /// </summary>
    public const string LayerNamespace = "kmodforge-bench";

    public const double ColdTarget = 1.15;
    public const double WarmTarget = 0.25;
    public const double OnDemandTarget = 1.3;
    public static readonly TimeSpan OnDemandSlack = TimeSpan.FromSeconds(2);

    public static async Task<int> RunAsync(string[] args)
    {
        var root = FindRoot();
        var scratch = Path.Combine(Path.GetTempPath(), $"kmodforge-bench-{Guid.NewGuid():N}");
        var kernel = args.FirstOrDefault(a => a.StartsWith("--kernel-release=", StringComparison.Ordinal)) ?? "--kernel-release=latest";
        var rounds = int.Parse(args.FirstOrDefault(a => a.StartsWith("--rounds=", StringComparison.Ordinal))?["--rounds=".Length..] ?? "3", System.Globalization.CultureInfo.InvariantCulture);
        var stamp = DateTimeOffset.UtcNow.ToUnixTimeSeconds() % 1000;
        ISettingsProvider Settings(string driverVersion) => ArgumentSettingsProvider.FromArgs(
        [
            "--distribution=debian", "--distro-version=12", kernel, "--architecture=x86_64", $"--driver-version={driverVersion}",
            $"--release-dir={Path.Combine(scratch, "releases")}", $"--work-dir={Path.Combine(scratch, "work")}", $"--layer-namespace={LayerNamespace}",
        ]);

        var log = BuildLogFactory.Create(new BuildLogOptions { Verbosity = LogVerbosity.Minimal }, Environment.GetEnvironmentVariable);
        try
        {
            var settings = Settings($"v0.0.{stamp}");
            var services = DriverBuildFactory.CreateServices(settings, log, root);
            var options = DriverBuildFactory.CreateOptions(settings, root);
            var target = await DriverBuildFactory.ResolveTargetAsync(settings.Get<DriverBuildSettings>(), services, CancellationToken.None);
            var baseImage = await services.BaseImages.EnsureAsync(target.Distribution, target.DistroVersion, target.Architecture, CancellationToken.None);
            // The layer is keyed by the base image's ID as well as the release (in the build's layer namespace): remove exactly the one this build would reuse.
            var baseImageId = (await services.Engine.InspectImageAsync(baseImage.Tag, CancellationToken.None))?.Id;
            var layer = HeaderLayer.ImageTag(target, baseImageId, services.LayerNamespace);
            var onDemandLayer = HeaderLayer.ImageTag(target, baseImageId, DriverBuildOnDemand.LayerNamespace);
            var pipeline = new DriverBuildPipeline(options, services);
            Console.WriteLine($"driver-build benchmark: debian 12 x86_64 kernel {target.KernelRelease}, {rounds} paired rounds, load average at start: {LoadAverage()}");
            var osRelease = (await services.Engine.RunAsync(new Containers.ContainerRunRequest(baseImage.Tag, ["cat", "/etc/os-release"]), CancellationToken.None)).StandardOutput;
            await using var onDemand = await DriverBuildOnDemand.StartAsync(root, options.ModuleSource.Location, Path.Combine(scratch, "service"));
            var samples = new List<Round>();
            for (var i = 0; i < rounds; i++)
            {
                await RemoveAsync(services.Engine, layer);

                TimeSpan byHand = default;
                async Task ByHand() => byHand = await Settled(() => DriverBuildByHand.RunAsync(services.Engine, target, baseImage.Tag, options.ModuleSource.Location, scratch, CancellationToken.None));
                if (i % 2 == 1)
                {
                    await ByHand();
                }

                await SyncAsync();
                var watch = Stopwatch.StartNew();
                var cold = await pipeline.RunAsync(target.WithDriverVersion($"v0.{i}.{stamp}"), CancellationToken.None);
                var coldTime = watch.Elapsed;
                if (cold.HeaderLayer is not { Cached: false })
                {
                    // A "cold" build that reused a layer measured a warm build: refuse to print a ratio that means nothing.
                    Console.Error.WriteLine($"driver-build benchmark: the cold build reused the header layer {cold.HeaderLayer?.Image} (removing {layer} did not make it cold); no figures reported");
                    return 1;
                }

                if (i % 2 == 0)
                {
                    await ByHand();
                }

                await SyncAsync();
                watch.Restart();
                var warm = await pipeline.RunAsync(target.WithDriverVersion($"v1.{i}.{stamp}"), CancellationToken.None);
                var warmTime = watch.Elapsed;
                await RemoveAsync(services.Engine, onDemandLayer);
                await SyncAsync();
                var (onDemandTime, onDemandBuild) = await onDemand.RunAsync(target.WithDriverVersion($"v2.{i}.{stamp}"), osRelease, log);
                await DriverBuildOnDemand.WaitForLayerAsync(services.Engine, onDemandLayer);
                var round = new Round(byHand, coldTime - cold.Durations.FirstOrDefault(d => d.Phase == DriverBuild.KeepLayerPhase).Duration, coldTime, warmTime, onDemandTime, cold.Durations, warm.Durations, warm.HeaderLayer?.Cached == true, LoadAverage());
                samples.Add(round);
                Console.WriteLine($"round {i + 1} ({(i % 2 == 1 ? "by hand first" : "cold first")}): by hand {round.ByHand.TotalSeconds:0.00} s, cold {round.Cold.TotalSeconds:0.00} s to published "
                    + $"(headers {Phase(round.ColdPhases, "headers"):0.00} s; layer kept {Phase(round.ColdPhases, DriverBuild.KeepLayerPhase):0.00} s later, {round.ColdToExit.TotalSeconds:0.00} s in all), warm {round.Warm.TotalSeconds:0.00} s (layer reused: {round.WarmReused}), "
                    + $"on demand {round.OnDemand.TotalSeconds:0.00} s (the service's build {onDemandBuild.TotalSeconds:0.00} s of it); load average {round.Load}");
            }

            Report(samples);
            await RemoveAsync(services.Engine, layer);
            await RemoveAsync(services.Engine, onDemandLayer);
            return 0;
        }
        finally
        {
            Directory.Delete(scratch, recursive: true);
        }
    }

    private static void Report(List<Round> samples)
    {
        Console.WriteLine($"{"phase (median)",-16} {"cold (s)",10} {"warm (s)",10}");
        foreach (var (phase, _) in samples[0].ColdPhases)
        {
            Console.WriteLine($"{phase,-16} {Median.Of(samples.Select(s => Phase(s.ColdPhases, phase))),10:0.00} {Median.Of(samples.Select(s => Phase(s.WarmPhases, phase))),10:0.00}");
        }

        var byHand = Median.Of(samples.Select(s => s.ByHand.TotalSeconds));
        var cold = Median.Of(samples.Select(s => s.Cold.TotalSeconds));
        var warm = Median.Of(samples.Select(s => s.Warm.TotalSeconds));
        Console.WriteLine($"{"total",-16} {Median.Of(samples.Select(s => s.ColdToExit.TotalSeconds)),10:0.00} {warm,10:0.00}   by hand: {byHand:0.00} s");
        Console.WriteLine($"{"cold, published",-16} {cold,10:0.00}   (time to first driver: the build's start to its package published; the header layer's commit follows)");
        Ratio("cold/by-hand", Median.Of(samples.Select(s => s.Cold / s.ByHand)), ColdTarget, "to the package published; median of the paired ratios");
        Console.WriteLine($"{"cold to exit/by-hand:",-22} {Median.Of(samples.Select(s => s.ColdToExit / s.ByHand)):0.000} (not a target: the build process also waits for its header layer's commit)");
        Ratio("warm/cold", Median.Of(samples.Select(s => s.Warm / s.Cold)), WarmTarget, $"against the cold build to its package published; header layer reused in every warm build: {samples.All(s => s.WarmReused)}");
        Ratio("warm/cold, whole", Median.Of(samples.Select(s => s.Warm / s.ColdToExit)), WarmTarget, "against the whole cold build, its header layer's commit included (before the session change the two were one)");
        var onDemand = Median.Of(samples.Select(s => s.OnDemand.TotalSeconds));
        Console.WriteLine($"{"on demand",-16} {onDemand,10:0.00}   (loader start to ready to insmod, service's local backend, header layer removed, long polls, the loader's default poll interval {DriverBuildOnDemand.PollInterval.TotalSeconds:0} s)");
        Ratio("on-demand/cold", Median.Of(samples.Select(s => s.OnDemand / s.Cold)), OnDemandTarget + (OnDemandSlack.TotalSeconds / cold),
            $"within {OnDemandTarget:0.0}x the cold build + {OnDemandSlack.TotalSeconds:0} s: {(onDemand <= (OnDemandTarget * cold) + OnDemandSlack.TotalSeconds ? "yes" : "no")}");
    }

    /// <summary>
    /// Writes back every dirty page before a timed run, untimed: the previous run's layer commit (hundreds of MB) would
    /// otherwise be written back during the next run and land in its time, favouring whichever ran first.
    /// </summary>
    internal static async Task SyncAsync()
    {
        using var sync = System.Diagnostics.Process.Start(new ProcessStartInfo("sync") { UseShellExecute = false })!;
        await sync.WaitForExitAsync();
    }

    private static async Task<T> Settled<T>(Func<Task<T>> run)
    {
        await SyncAsync();
        return await run();
    }

    private static async Task RemoveAsync(Containers.IContainerEngine engine, string layer)
    {
        if (await engine.ImageExistsAsync(layer, CancellationToken.None))
        {
            await engine.RemoveImageAsync(layer, CancellationToken.None);
        }
    }

    internal static void Ratio(string name, double ratio, double target, string note) =>
        Console.WriteLine($"{name + " ratio:",-22} {ratio:0.000} (target ≤ {target:0.00}: {(ratio <= target ? "met" : "NOT met")}; {note})");

    private static double Phase(IReadOnlyList<(string Phase, TimeSpan Duration)> phases, string name) =>
        phases.FirstOrDefault(d => d.Phase == name).Duration.TotalSeconds;

    /// <summary>The 1, 5 and 15 minute load averages (the machine may be shared: every figure carries it).</summary>
    internal static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "unknown";

    private sealed record Round(
        TimeSpan ByHand, TimeSpan Cold, TimeSpan ColdToExit, TimeSpan Warm, TimeSpan OnDemand,
        IReadOnlyList<(string Phase, TimeSpan Duration)> ColdPhases, IReadOnlyList<(string Phase, TimeSpan Duration)> WarmPhases,
        bool WarmReused, string Load);

    internal static string FindRoot()
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
