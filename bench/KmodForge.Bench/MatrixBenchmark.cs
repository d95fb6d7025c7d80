using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using KmodForge.Kernels;
using KmodForge.Kernels.Crawler;
using KmodForge.Matrix;
using KmodForge.Targets;

namespace KmodForge.Bench;

/// <summary>
/// Matrix generation for 100,000 crawler-shaped kernel entries (parse, map and validate, diff against a previous matrix
/// of ~90,000, chunk by 50 and serialize the chunks), measured in a fresh child process (wall time, peak working set),
/// beside bench/matrix_baseline.py doing the same work the straightforward way (json.load, dict diff, slices). The
/// child runs the KmodForge library precompiled exactly as the build host's is (build/ReadyToRun.targets).
/// </summary>
internal static class MatrixBenchmark
{
    public const int Entries = 100_000;
    public const int Previous = 90_000;

    /// <summary>Paired runs (C#, then Python) whose medians are reported.</summary>
    public const int Pairs = 5;

    private static readonly string[] UbuntuFlavours = ["generic", "aws", "azure", "gcp", "oracle", "lowlatency"];


    public static int Run()
    {
        var dir = Directory.CreateTempSubdirectory("kmodforge-bench-matrix-").FullName;
        try
        {
            Generate(dir);
            Console.WriteLine($"matrix: {Entries:N0} crawler-shaped entries, previous matrix of {Previous:N0}, chunks of 50 (input {new FileInfo(Path.Combine(dir, "crawler-x86_64.json")).Length / (1024 * 1024)} MB)");
            var pairs = new List<(JsonElement CSharp, JsonElement Python)>();
            for (var i = 1; i <= Pairs; i++)
            {
                var dotnet = RunChild(Environment.ProcessPath!, ["matrix-run", dir], ("DOTNET_TieredCompilation", "0"));
                var python = RunChild("python3", [Path.Combine(RepoRoot(), "bench", "matrix_baseline.py"), dir]);
                Console.WriteLine($"  pair {i}: KmodForge (C#) : {dotnet}");
                Console.WriteLine($"  pair {i}: Python baseline: {python}");
                pairs.Add((JsonDocument.Parse(dotnet).RootElement.Clone(), JsonDocument.Parse(python).RootElement.Clone()));
            }

            double Median(Func<(JsonElement CSharp, JsonElement Python), double> value) => pairs.Select(value).Order().ElementAt(pairs.Count / 2);
            var (csharp, py) = (Median(p => p.CSharp.GetProperty("wall_seconds").GetDouble()), Median(p => p.Python.GetProperty("wall_seconds").GetDouble()));
            var same = pairs.All(p => p.CSharp.GetProperty("builds").GetInt32() == p.Python.GetProperty("builds").GetInt32()
                && p.CSharp.GetProperty("build_keys").GetString() == p.Python.GetProperty("build_keys").GetString());
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  median of {Pairs} paired runs: C# {csharp:F3} s, Python {py:F3} s, C# {py / csharp:F2}x faster; peak working set (median) {Median(p => p.CSharp.GetProperty("peak_working_set_mb").GetDouble()):F1} MB vs Python RSS {Median(p => p.Python.GetProperty("peak_rss_mb").GetDouble()):F1} MB; same builds: {(same ? "yes" : "NO")}"));
            return 0;
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    /// <summary>Writes the benchmark's inputs into <paramref name="dir"/> (for profiling one side: <c>matrix-run dir</c>,
    /// <c>python3 bench/matrix_baseline.py dir</c>).</summary>
    public static int WriteInputs(string dir)
    {
        Directory.CreateDirectory(dir);
        Generate(dir);
        return 0;
    }

    /// <summary>The measured part, in its own process so the peak working set is this work's alone.</summary>
    public static int RunMeasured(string dir)
    {
        var watch = Stopwatch.StartNew();
        PreviousMatrix previous;
        using (var stream = File.OpenRead(Path.Combine(dir, "previous.json")))
        {
            previous = PreviousMatrix.Read(stream, "previous.json");
        }

        var previousSeconds = watch.Elapsed.TotalSeconds;
        var skips = new SkipSummary();
        var builder = new MatrixBuilder("v1.0.0", previous, skips);
        var mapper = new CrawlerMapper(Architecture.X86_64, "v1.0.0", skips);
        var read = KernelCrawlerReader.ReadFile(Path.Combine(dir, "crawler-x86_64.json"), e =>
        {
            foreach (var kernel in mapper.Map(e))
            {
                builder.Add(kernel);
            }
        }, skips);
        var crawlSeconds = watch.Elapsed.TotalSeconds - previousSeconds;
        var diff = builder.Build();
        var chunks = MatrixChunker.Chunk(diff.Builds, 50);
        var run = new MatrixRun("bench", "kmodforge-sample", "v1.0.0", new MatrixSettings());
        long bytes = 0;
        foreach (var chunk in chunks)
        {
            bytes += ChunkDocument.ToBytes(chunk, run).Length;
        }

        watch.Stop();
        using var process = Process.GetCurrentProcess();
        process.Refresh();
        Console.WriteLine(JsonSerializer.Serialize(new
        {
            entries = read,
            builds = diff.Builds.Count,
            build_keys = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(string.Join('\n', diff.Builds.Select(b => b.Key)))))[..16],
            @new = diff.New,
            changed = diff.Changed,
            skipped = skips.Total,
            chunks = chunks.Count,
            chunk_bytes = bytes,
            wall_seconds = Math.Round(watch.Elapsed.TotalSeconds, 3),
            read_previous_seconds = Math.Round(previousSeconds, 3),
            parse_map_diff_seconds = Math.Round(crawlSeconds, 3),
            peak_working_set_mb = Math.Round(process.PeakWorkingSet64 / (1024.0 * 1024.0), 1),
            total_allocated_mb = Math.Round(GC.GetTotalAllocatedBytes() / (1024.0 * 1024.0), 1),
            cpu_seconds = Math.Round(process.TotalProcessorTime.TotalSeconds, 3),
            jit_seconds = Math.Round(System.Runtime.JitInfo.GetCompilationTime().TotalSeconds, 3),
            jit_methods = System.Runtime.JitInfo.GetCompiledMethodCount(),
            gc_pause_seconds = Math.Round(GC.GetTotalPauseDuration().TotalSeconds, 3),
            gc_count = GC.CollectionCount(0),
        }));
        return 0;
    }

    /// <summary>Writes crawler-x86_64.json (new schema; ~8% unsupported entries) and the previous matrix in both formats.</summary>
    private static void Generate(string dir)
    {
        var previous = new Dictionary<string, ulong>(StringComparer.Ordinal);
        var previousPython = new Dictionary<string, string>(StringComparer.Ordinal);
        var groups = new Dictionary<string, List<(string Release, string Target, string Version, string[] Headers)>>();
        for (var i = 0; i < Entries; i++)
        {
            var (key, entry) = Entry(i);
            if (!groups.TryGetValue(key, out var list))
            {
                groups[key] = list = [];
            }

            list.Add(entry);
            if (i < Previous)
            {
                // 1% of previously built kernels got new header URLs since.
                var headers = i % 100 == 7 ? [.. entry.Headers.Select(h => h + ".old")] : entry.Headers;
                if (MapKey(entry) is { } matrixKey)
                {
                    previous[matrixKey] = MatrixBuilder.Digest(headers);
                    previousPython[matrixKey] = Convert.ToHexStringLower(SHA1.HashData(Encoding.UTF8.GetBytes(string.Concat(headers.Select(h => h + "\n")))));
                }
            }
        }

        using (var stream = File.Create(Path.Combine(dir, "crawler-x86_64.json")))
        using (var w = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            w.WriteStartObject();
            foreach (var (key, list) in groups)
            {
                w.WriteStartArray(key);
                foreach (var e in list)
                {
                    w.WriteStartObject();
                    w.WriteString("kernelversion", e.Version);
                    w.WriteString("kernelrelease", e.Release);
                    w.WriteString("target", e.Target);
                    w.WriteStartArray("headers");
                    foreach (var h in e.Headers)
                    {
                        w.WriteStringValue(h);
                    }

                    w.WriteEndArray();
                    w.WriteEndObject();
                }

                w.WriteEndArray();
            }

            w.WriteEndObject();
        }

        using (var stream = File.Create(Path.Combine(dir, "previous.json")))
        {
            new PreviousMatrix("v1.0.0", previous).Write(stream);
        }

        File.WriteAllText(Path.Combine(dir, "previous-python.json"), JsonSerializer.Serialize(new { format = 1, driver_version = "v1.0.0", kernels = previousPython }));
    }

    private static string? MapKey((string Release, string Target, string Version, string[] Headers) e) =>
        new CrawlerMapper(Architecture.X86_64, "v1.0.0", new SkipSummary()).Map(new CrawlerEntry("k", e.Version, e.Release, e.Target, e.Headers)).FirstOrDefault()?.Key;

    /// <summary>One entry shaped like real crawler output, unique by index.</summary>
    private static (string Key, (string Release, string Target, string Version, string[] Headers) Entry) Entry(int i)
    {
        var c = CultureInfo.InvariantCulture;
        var n = i / 10;
        switch (i % 10)
        {
            case < 6:
                var flavour = UbuntuFlavours[(i % 10) % UbuntuFlavours.Length];
                var (line, series) = (i % 10) < 3 ? ("6.8.0", "24.04") : ("5.15.0", "22.04");
                var release = string.Create(c, $"{line}-{1000 + n}-{flavour}");
                var version = string.Create(c, $"{n}~{series}.1");
                const string pool = "http://archive.ubuntu.com/ubuntu/pool/main/l/";
                return ("ubuntu", (release, "ubuntu-" + flavour, version,
                [
                    string.Create(c, $"{pool}linux-{flavour}/linux-headers-{release}_{line}-{1000 + n}.{n}_amd64.deb"),
                    string.Create(c, $"{pool}linux-{flavour}/linux-{flavour}-headers-{line}-{1000 + n}_{line}-{1000 + n}.{n}_all.deb"),
                ]));
            case 6:
                var fc = n % 2 == 0 ? "42" : "43";
                var frel = string.Create(c, $"6.{14 + (n % 4)}.{n % 50}-{100 + n}.fc{fc}.x86_64");
                return ("fedora", (frel, "fedora", "1", [$"https://mirrors.kernel.org/fedora/updates/{fc}/Everything/x86_64/Packages/k/kernel-devel-{frel}.rpm"]));
            case 7:
                var el = n % 2 == 0 ? "9" : "10";
                var crel = string.Create(c, $"{(el == "9" ? "5.14.0" : "6.12.0")}-{100 + n}.el{el}.x86_64");
                return ("centos", (crel, "centos", "1", [$"https://mirror.stream.centos.org/{el}-stream/AppStream/x86_64/os/Packages/kernel-devel-{crel}.rpm"]));
            case 8:
                var arel = string.Create(c, $"6.1.{n % 200}-{n}.{n % 300}.amzn2023.x86_64");
                return ("amazonlinux2023", (arel, "amazonlinux2023", "1", [$"https://cdn.amazonlinux.com/al2023/core/guids/abc/x86_64/../../../../blobstore/def/kernel-devel-{arel}.rpm"]));
            default:
                var orel = string.Create(c, $"5.4.17-{2000 + n}.el8uek.x86_64");
                return ("ol", (orel, "ol", "2", [$"https://yum.oracle.com/repo/OracleLinux/OL8/UEKR6/x86_64/getPackage/kernel-uek-devel-{orel}.rpm"]));
        }
    }

    /// <param name="environment">Extra environment: the C# run is a short batch job, so it is jitted fully optimized up
    /// front (DOTNET_TieredCompilation=0), as the nightly task should be run too (docs/matrix.md).</param>
    private static string RunChild(string file, string[] args, params (string Name, string Value)[] environment)
    {
        var info = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var (name, value) in environment)
        {
            info.Environment[name] = value;
        }

        foreach (var a in args)
        {
            info.ArgumentList.Add(a);
        }

        using var process = Process.Start(info)!;
        var stderr = process.StandardError.ReadToEndAsync();
        var stdout = process.StandardOutput.ReadToEnd().Trim();
        process.WaitForExit();
        return process.ExitCode == 0 ? stdout : $"failed ({process.ExitCode}): {stderr.Result.Trim()}";
    }

    internal static string RepoRoot()
    {
        for (var d = new DirectoryInfo(AppContext.BaseDirectory); d is not null; d = d.Parent)
        {
            if (File.Exists(Path.Combine(d.FullName, "KmodForge.sln")))
            {
                return d.FullName;
            }
        }

        return Directory.GetCurrentDirectory();
    }
}
