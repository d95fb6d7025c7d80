using System.Diagnostics;
using KmodForge.Containers;
using KmodForge.Setup;
using KmodForge.Targets;

namespace KmodForge.Bench;

/// <summary>
/// What the Prerequisites task adds to a warm ./build.sh: the built host run as build.sh runs it, with
/// <c>--target=Prerequisites</c> (the check runs) against a trivial task (same start-up, one task, its report),
/// alternated, medians of wall and CPU time; then the check's parts in this process (first call, and warm).
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

        var check = new List<(double Wall, double Cpu)>();
        var baseline = new List<(double Wall, double Cpu)>();
        for (var i = 0; i < runs; i++)
        {
            baseline.Add(Time(root, host, "--target=BaseImagesPlan", "--images=debian:12", "--github-output=/dev/null"));
            check.Add(Time(root, host, "--target=Prerequisites"));
        }

        Console.WriteLine($"prerequisites: the build host run {runs} times each way, alternated (medians; CPU = user + sys from /usr/bin/time)");
        Console.WriteLine($"  a trivial task (BaseImagesPlan of one image): {Median(baseline, r => r.Wall):0} ms wall, {Median(baseline, r => r.Cpu):0} ms CPU");
        Console.WriteLine($"  --target=Prerequisites (the check runs)     : {Median(check, r => r.Wall):0} ms wall, {Median(check, r => r.Cpu):0} ms CPU");
        Console.WriteLine($"  added by the check                          : {Median(check, r => r.Wall) - Median(baseline, r => r.Wall):0} ms wall, {Median(check, r => r.Cpu) - Median(baseline, r => r.Cpu):0} ms CPU");

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

    /// <summary>Runs the host under /usr/bin/time; returns wall and CPU (user + sys) milliseconds.</summary>
    private static (double Wall, double Cpu) Time(string root, string host, params string[] args)
    {
        var times = Path.GetTempFileName();
        var start = new ProcessStartInfo("/usr/bin/time") { WorkingDirectory = root, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in (string[])["-o", times, "-f", "%e %U %S", "dotnet", "exec", host, .. args])
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        process.StandardOutput.ReadToEnd();
        process.StandardError.ReadToEnd();
        process.WaitForExit();
        var fields = File.ReadAllLines(times).Last().Split(' ').Select(f => double.Parse(f, System.Globalization.CultureInfo.InvariantCulture) * 1000).ToArray();
        File.Delete(times);
        return process.ExitCode == 0 ? (fields[0], fields[1] + fields[2]) : throw new InvalidOperationException($"the host exited with {process.ExitCode}: {string.Join(' ', args)}");
    }

    private static double Median(List<(double Wall, double Cpu)> values, Func<(double Wall, double Cpu), double> field)
    {
        var sorted = values.Select(field).Order().ToList();
        return sorted[sorted.Count / 2];
    }
}
