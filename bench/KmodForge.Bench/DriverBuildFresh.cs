using System.Diagnostics;
using KmodForge.Configuration;
using KmodForge.Diagnostics;
using KmodForge.IO;
using KmodForge.Pipeline;

namespace KmodForge.Bench;

/// <summary>
/// The first build on a fresh machine: no base image, no header layer, no bootstrapped root filesystem. Podman keeps
/// its images where <c>CONTAINERS_STORAGE_CONF</c> says: the benchmark points it at an empty store of its own (and an
/// empty <c>--cache-dir</c>), so nothing the machine already has is reused and nothing of the machine's is touched.
/// One build of the sample for a Debian 12 kernel; prints each phase (the base image phase is the root filesystem's
/// bootstrap from Debian's archive plus the base image build) and the time to the package published.
/// Usage: dotnet run --project bench/KmodForge.Bench -c Release -- driver-build-fresh [--kernel-release=latest|&lt;release&gt;]
/// </summary>
internal static class DriverBuildFresh
{
    public static async Task<int> RunAsync(string[] args)
    {
        var root = DriverBuildBenchmark.FindRoot();
        var scratch = Directory.CreateTempSubdirectory("kmodforge-bench-fresh-").FullName;
        var kernel = args.FirstOrDefault(a => a.StartsWith("--kernel-release=", StringComparison.Ordinal)) ?? "--kernel-release=latest";
        var log = BuildLogFactory.Create(new BuildLogOptions { Verbosity = LogVerbosity.Minimal }, Environment.GetEnvironmentVariable);
        string[] Arguments(string release) =>
        [
            "--distribution=debian", "--distro-version=12", release, "--architecture=x86_64", $"--driver-version=v0.0.{DateTimeOffset.UtcNow.ToUnixTimeSeconds() % 1000}",
            $"--release-dir={Path.Combine(scratch, "releases")}", $"--work-dir={Path.Combine(scratch, "work")}", $"--cache-dir={Path.Combine(scratch, "cache")}",
        ];

        try
        {
            // The release is resolved on this machine's store (the latest kernel needs a base image to ask apt in); then the store is switched.
            var machine = ArgumentSettingsProvider.FromArgs(Arguments(kernel));
            var target = await DriverBuildFactory.ResolveTargetAsync(machine.Get<DriverBuildSettings>(), DriverBuildFactory.CreateServices(machine, log, root), CancellationToken.None);
            var storage = Path.Combine(scratch, "storage.conf");
            AtomicFile.WriteAllText(storage, $"[storage]\ndriver = \"overlay\"\ngraphroot = \"{Path.Combine(scratch, "graph")}\"\nrunroot = \"{Path.Combine(scratch, "run")}\"\n");
            Environment.SetEnvironmentVariable("CONTAINERS_STORAGE_CONF", storage);

            var settings = ArgumentSettingsProvider.FromArgs(Arguments("--kernel-release=" + target.KernelRelease));
            var services = DriverBuildFactory.CreateServices(settings, log, root);
            if (services.Engine.Name != "podman")
            {
                Console.Error.WriteLine($"driver-build-fresh: needs podman (an image store of the benchmark's own); the engine here is {services.Engine.Name}");
                return 2;
            }

            Console.WriteLine($"driver-build-fresh: debian 12 x86_64 kernel {target.KernelRelease}, an empty image store and cache; load average at start: {DriverBuildBenchmark.LoadAverage()}");
            var watch = Stopwatch.StartNew();
            var build = await new DriverBuildPipeline(DriverBuildFactory.CreateOptions(settings, root), services).RunAsync(target, CancellationToken.None);
            var total = watch.Elapsed;
            var keep = build.Durations.FirstOrDefault(d => d.Phase == DriverBuild.KeepLayerPhase).Duration;
            foreach (var (phase, duration) in build.Durations)
            {
                Console.WriteLine($"  {phase,-18} {duration.TotalSeconds,8:0.00} s");
            }

            Console.WriteLine($"  base image: {build.BaseImage?.Source.ToString().ToLowerInvariant()} ({string.Join("; ", build.BaseImage?.Notes ?? [])})");
            Console.WriteLine($"first driver on a fresh machine: {(total - keep).TotalSeconds:0.00} s to the package published, {total.TotalSeconds:0.00} s in all; load average at the end: {DriverBuildBenchmark.LoadAverage()}");
            return 0;
        }
        finally
        {
            await ResetStoreAsync(scratch);
            Environment.SetEnvironmentVariable("CONTAINERS_STORAGE_CONF", null);
            Directory.Delete(scratch, recursive: true);
        }
    }

    /// <summary>Empties the benchmark's own store (only when podman confirms it is that store), so its layers unmount before the folder goes.</summary>
    private static async Task ResetStoreAsync(string scratch)
    {
        if (Environment.GetEnvironmentVariable("CONTAINERS_STORAGE_CONF") is null)
        {
            return;
        }

        var graph = await PodmanAsync("info", "--format", "{{.Store.GraphRoot}}");
        if (graph?.Trim() == Path.Combine(scratch, "graph"))
        {
            await PodmanAsync("system", "reset", "--force");
        }
    }

    /// <summary>Runs podman with the benchmark's store; its standard output, or null when it failed.</summary>
    private static async Task<string?> PodmanAsync(params string[] arguments)
    {
        var start = new ProcessStartInfo("podman") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return process.ExitCode == 0 ? await output : null;
    }
}
