using System.Diagnostics;
using KmodForge.Containers;
using KmodForge.Setup;
using KmodForge.Targets;

namespace KmodForge.Bench;

/// <summary>
/// What the Prerequisites task adds to a warm ./build.sh: the built host run as build.sh runs it, with
/// <c>--target=Prerequisites</c> (the check runs) against <c>--target=Prerequisites --dryrun</c> (same start-up,
/// no task runs), alternated, medians; then the check's parts in this process (first call, and warm).
/// Needs the host built (./build.sh once) and a machine that has everything (the check must be quiet).
/// </summary>
internal static class PrerequisitesBenchmark
{
    public static int Run(string[] args)
    {
        var runs = args.Select(a => a.StartsWith("--runs=", StringComparison.Ordinal) ? int.Parse(a[7..], System.Globalization.CultureInfo.InvariantCulture) : 0).FirstOrDefault(n => n > 0, 10);
        var root = MatrixBenchmark.RepoRoot();
        var host = Path.Combine(root, "build", "bin", "Release", "net10.0", "KmodForge.Build.dll");
        if (!File.Exists(host))
        {
            Console.Error.WriteLine($"{host} is missing: run ./build.sh --help once to build the host.");
            return 1;
        }

        var check = new List<double>();
        var dry = new List<double>();
        for (var i = 0; i < runs; i++)
        {
            dry.Add(Time(root, host, "--target=Prerequisites", "--dryrun"));
            check.Add(Time(root, host, "--target=Prerequisites"));
        }

        Console.WriteLine($"prerequisites: the build host started {runs} times each way (median wall time)");
        Console.WriteLine($"  --target=Prerequisites --dryrun (start-up, no check): {Median(dry):0} ms");
        Console.WriteLine($"  --target=Prerequisites (the check runs)             : {Median(check):0} ms");
        Console.WriteLine($"  added by the check                                  : {Median(check) - Median(dry):0} ms");

        var list = PrerequisiteList.Load(root);
        var request = new PrerequisiteRequest(PrerequisiteScope.Build, [ArchitectureNames.Host() ?? Architecture.X86_64], ContainerEngineKind.Auto);
        var self = Process.GetCurrentProcess();
        var cpu = self.TotalProcessorTime;
        var first = Stopwatch.StartNew();
        var plan = PrerequisitePlanner.Plan(request, PrerequisiteList.Load(root), LocalHost.Read(TimeSpan.FromSeconds(5)));
        var firstMs = first.Elapsed.TotalMilliseconds;
        self.Refresh();
        var firstCpu = (self.TotalProcessorTime - cpu).TotalMilliseconds;
        cpu = self.TotalProcessorTime;
        var warm = Stopwatch.StartNew();
        const int Warm = 20;
        for (var i = 0; i < Warm; i++)
        {
            PrerequisitePlanner.Plan(request, PrerequisiteList.Load(root), LocalHost.Read(TimeSpan.FromSeconds(5)));
        }

        self.Refresh();
        Console.WriteLine($"  in process (list + host read + plan): first call {firstMs:0.0} ms wall / {firstCpu:0.0} ms CPU; " +
                          $"warm {warm.Elapsed.TotalMilliseconds / Warm:0.0} ms wall / {(self.TotalProcessorTime - cpu).TotalMilliseconds / Warm:0.0} ms CPU");
        Console.WriteLine($"  load average now: {File.ReadAllText("/proc/loadavg").Split(' ')[0]} (2 cores); this machine is {(plan.Complete ? "complete" : "missing: " + string.Join("; ", plan.Missing()))}");
        return plan.Ready ? 0 : 1;
    }

    private static double Time(string root, string host, params string[] args)
    {
        var start = new ProcessStartInfo("dotnet") { WorkingDirectory = root, RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add("exec");
        start.ArgumentList.Add(host);
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        var watch = Stopwatch.StartNew();
        using var process = Process.Start(start)!;
        process.StandardOutput.ReadToEnd();
        process.StandardError.ReadToEnd();
        process.WaitForExit();
        return process.ExitCode == 0 ? watch.Elapsed.TotalMilliseconds : throw new InvalidOperationException($"the host exited with {process.ExitCode}: {string.Join(' ', args)}");
    }

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted[sorted.Count / 2];
    }
}
