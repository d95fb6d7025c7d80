using System.Diagnostics;
using KmodForge.Diagnostics;
using KmodForge.Loader;
using KmodForge.Naming;
using KmodForge.Signing.Minisign;
using KmodForge.Targets;
using KmodForge.TestSupport.Http;

namespace KmodForge.Bench.Loader;

/// <summary>
/// Time from start to "ready to insmod" when the package is already published: detect, name, download over HTTP on
/// loopback, verify the SHA-256, extract the .ko (the insmod itself is a dry-run action). Cold (empty cache) and warm
/// (cached package, re-verified) runs, each repeated.
/// Usage: bench loader [--release-dir=releases] [--driver-version=v0.1.0] [--kernel-release=6.1.0-56-amd64] [--runs=5]
/// [--binary=artifacts/loader/linux-amd64/kmodforge-loader] (the NativeAOT loader, timed as a process from start to exit)
/// (publish the package first with the README's main job).
/// </summary>
public static class LoaderBenchmark
{
    public static async Task<int> RunAsync(string[] args)
    {
        string Arg(string name, string fallback) =>
            args.FirstOrDefault(a => a.StartsWith($"--{name}=", StringComparison.Ordinal))?[(name.Length + 3)..] ?? fallback;
        var releases = Path.GetFullPath(Arg("release-dir", "releases"));
        var driverVersion = Arg("driver-version", "v0.1.0");
        var runs = int.Parse(Arg("runs", "5"), System.Globalization.CultureInfo.InvariantCulture);
        // The release tag of Debian 12 x86_64 does not depend on the kernel (the default template shards by distribution).
        var tag = PackageNaming.ReleaseTag(BuildTarget.Create("debian", "12", "6.1.0-56-amd64", "x86_64", driverVersion));
        var kernel = Arg("kernel-release", FindPublishedKernel(Path.Combine(releases, tag)));
        var target = BuildTarget.Create("debian", "12", kernel, "x86_64", driverVersion);
        var file = PackageNaming.FileName("kmodforge-sample", target);
        if (!File.Exists(Path.Combine(releases, tag, file)))
        {
            Console.Error.WriteLine($"{Path.Combine(releases, tag, file)} is not published; run the README's main job first");
            return 1;
        }

        var root = Directory.CreateTempSubdirectory("kmodforge-loader-bench-").FullName;
        Directory.CreateDirectory(Path.Combine(root, "node", "etc"));
        File.WriteAllText(Path.Combine(root, "node", "etc", "os-release"), "PRETTY_NAME=\"Debian GNU/Linux 12 (bookworm)\"\nID=debian\nVERSION_ID=\"12\"\n");
        // The loader verifies signatures, as on a node: the package is served with a signature by a throwaway key.
        using var key = MinisignSecretKey.Generate();
        var served = await SignedCopyAsync(releases, tag, file, key, Path.Combine(root, "releases"));
        using var server = new LocalRepoServer(served + Path.DirectorySeparatorChar);
        try
        {
            Console.WriteLine($"loader benchmark: {file} ({new FileInfo(Path.Combine(releases, tag, file)).Length:N0} bytes) over http://127.0.0.1");
            foreach (var (label, freshCache) in new[] { ("cold (download, verify, extract)", true), ("warm (cached, re-verified, extract)", false) })
            {
                var times = new List<double>();
                for (var i = 0; i < runs; i++)
                {
                    var cache = Path.Combine(root, freshCache ? $"cache-{i}" : "cache-warm");
                    var settings = new LoaderSettings
                    {
                        DriverVersion = driverVersion, ReleaseBase = server.BaseUrl.TrimEnd('/'), HostRoot = Path.Combine(root, "node"), KernelRelease = kernel,
                        Architecture = "x86_64", CacheDirectory = cache, Mode = InstallMode.Extract, DryRun = true, TrustedKeys = [key.PublicKey.Base64], AllowInsecureHttp = true,
                        ProcModules = Path.Combine(root, "none"), SysModule = Path.Combine(root, "none"),
                    };
                    var watch = Stopwatch.StartNew();
                    await new LoaderRun(settings, NullBuildLog.Instance).RunAsync(CancellationToken.None);
                    times.Add(watch.Elapsed.TotalMilliseconds);
                }

                Report(label, times);
            }

            var binary = Path.GetFullPath(Arg("binary", Path.Combine("artifacts", "loader", "linux-amd64", "kmodforge-loader")));
            if (!File.Exists(binary))
            {
                Console.WriteLine($"  native binary: {binary} is absent; publish it first (docs/loader.md) or pass --binary=");
                return 0;
            }

            Console.WriteLine($"  native binary: {binary} ({new FileInfo(binary).Length / 1048576.0:0.0} MiB)");
            var native = new List<double>();
            for (var i = 0; i < runs; i++)
            {
                native.Add(RunNative(binary, [
                    $"--driver-version={driverVersion}", $"--release-base={server.BaseUrl.TrimEnd('/')}", $"--host-root={Path.Combine(root, "node")}",
                    $"--kernel-release={kernel}", "--architecture=x86_64", $"--cache-dir={Path.Combine(root, "cache-warm")}", "--mode=extract",
                    "--dry-run", $"--trusted-keys={key.PublicKey.Base64}", "--allow-insecure-http", $"--proc-modules={Path.Combine(root, "none")}", $"--sys-module={Path.Combine(root, "none")}"]));
            }

            Report("native process, warm (start to exit)", native);
            return 0;
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    /// <summary>The published package and its checksum copied under <paramref name="into"/>, with a signature beside them.</summary>
    private static async Task<string> SignedCopyAsync(string releases, string tag, string file, MinisignSecretKey key, string into)
    {
        Directory.CreateDirectory(Path.Combine(into, tag));
        foreach (var name in new[] { file, file + ".sha256" })
        {
            File.Copy(Path.Combine(releases, tag, name), Path.Combine(into, tag, name));
        }

        var package = Path.Combine(into, tag, file);
        var prehash = await Prehash.OfFileAsync(package, CancellationToken.None);
        await File.WriteAllTextAsync(package + ".minisig", MinisignSignature.Create(key, prehash, $"file:{file}\tbuild:loader-bench").FileText);
        return into;
    }

    private static void Report(string label, List<double> times)
    {
        times.Sort();
        Console.WriteLine($"  {label,-38} median {times[times.Count / 2],8:0.0} ms   min {times[0],8:0.0} ms   max {times[^1],8:0.0} ms   ({times.Count} runs)");
    }

    /// <summary>Milliseconds from starting the loader's binary to its exit (a dry run ends at "ready to insmod").</summary>
    private static double RunNative(string binary, string[] arguments)
    {
        var start = new ProcessStartInfo(binary) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        var watch = Stopwatch.StartNew();
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {binary}");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        var elapsed = watch.Elapsed.TotalMilliseconds;
        if (process.ExitCode != 0 || !output.Result.Contains("would run insmod", StringComparison.Ordinal))
        {
            throw new InvalidOperationException($"{binary} exited {process.ExitCode}:\n{output.Result}{error}");
        }

        return elapsed;
    }

    private static string FindPublishedKernel(string release) =>
        Directory.Exists(release)
            ? Directory.GetFiles(release, "kmodforge-sample-debian-12-*_amd64.deb")
                .Select(f => Path.GetFileName(f)["kmodforge-sample-debian-12-".Length..].Split('_')[0]).FirstOrDefault() ?? "6.1.0-56-amd64"
            : "6.1.0-56-amd64";
}
