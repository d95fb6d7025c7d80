using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using KmodForge.Caching;
using KmodForge.Containers;
using KmodForge.Diagnostics;
using KmodForge.Headers;
using KmodForge.IO;

namespace KmodForge.Bench.Caching;

/// <summary>
/// Disk use of the header-layer cache over a sequence of builds of different kernels with a small budget, through the
/// cache policy the Prune task and the service run. The builds are synthetic: each makes a labelled header layer of
/// 1 to 4 MiB (random bytes) on a small base image in a namespace of its own, takes and releases a lease on it as a
/// build does, then the policy prunes; halfway the base image is rebuilt, so older layers turn stale. Everything made
/// is removed at the end. Usage: cache-prune [--builds=30] [--budget=12MiB]
/// </summary>
public static class CachePruneBenchmark
{
    public static async Task<int> RunAsync(string[] args)
    {
        var builds = int.Parse(Option(args, "builds") ?? "30", CultureInfo.InvariantCulture);
        var budget = Option(args, "budget") ?? "12MiB";
        var engine = ContainerEngineFactory.Create(new ContainerSettings(), NullBuildLog.Instance);
        var space = "kmodforge-bench-" + Guid.NewGuid().ToString("N")[..8];
        var work = Directory.CreateTempSubdirectory("kmodforge-cache-bench-").FullName;
        var made = new List<string>();
        var uses = new CacheUse(Path.Combine(work, "cache"));
        var settings = new CacheSettings { LayerNamespace = space, LayerCacheMaxSize = budget, FileCacheMaxSize = "1TiB" };
        var pruner = new CachePruner(engine, uses, settings, Path.Combine(work, "cache", "images"), NullBuildLog.Instance);
        var baseTag = $"{space}/base-debian:12-amd64";
        try
        {
            Console.WriteLine($"{builds} synthetic builds (layers of 1-4 MiB), budget {budget} ({ByteSize.Format(settings.LayerBudgetBytes)}), engine {engine.Name}, namespace {space}");
            Console.WriteLine("build  kernel              layer     before prune  after prune  removed (stale)  prune time");
            made.Add(await BuildAsync(engine, work, "FROM scratch\nCOPY blob /base.bin\n", baseTag, 8 * 1024));
            var peak = 0L;
            var worst = 0L;
            for (var i = 1; i <= builds; i++)
            {
                if (i == builds / 2 + 1)
                {
                    made.Add(await BuildAsync(engine, work, "FROM scratch\nCOPY blob /base.bin\n", baseTag, 8 * 1024)); // the weekly base rebuild
                    Console.WriteLine("       (base image rebuilt: the layers so far are now stale)");
                }

                var release = $"6.1.0-{i}-amd64";
                var baseId = (await engine.InspectImageAsync(baseTag, CancellationToken.None))!.Id;
                var tag = $"{space}/headers-debian:12-amd64-{release}-{HeaderLayer.TagHash(release, baseId)}";
                var bytes = (1 + (i * 7 % 4)) * 1024 * 1024;
                made.Add(await BuildAsync(engine, work,
                    $"FROM {baseTag}\nCOPY blob /headers.bin\nLABEL {HeaderLayer.KernelReleaseLabel}=\"{release}\" {HeaderLayer.BaseImageLabel}=\"{baseTag}\" {HeaderLayer.BaseImageIdLabel}=\"{baseId}\"\n",
                    tag, bytes));
                using (await uses.UseAsync(CacheUse.ImageKey(tag), CancellationToken.None))
                {
                    // the build compiles in its layer here
                }

                var clock = Stopwatch.StartNew();
                var report = await pruner.RunAsync(dryRun: false, CancellationToken.None);
                var stale = report.Removed.Count(r => report.Layers.Removals.Any(d => d.Entry == r && d.Entry.StaleReason is not null));
                peak = Math.Max(peak, report.Layers.TotalBytes);
                worst = Math.Max(worst, report.Layers.BytesAfter);
                Console.WriteLine($"{i,5}  {release,-18}  {ByteSize.Format(bytes),8}  {ByteSize.Format(report.Layers.TotalBytes),12}  {ByteSize.Format(report.Layers.BytesAfter),11}  {report.Removed.Count,7} ({stale})  {clock.Elapsed.TotalSeconds,8:0.00} s");
            }

            var final = await pruner.PlanAsync(dryRun: true, CancellationToken.None);
            Console.WriteLine($"peak before a prune {ByteSize.Format(peak)}; largest after a prune {ByteSize.Format(worst)} (budget {ByteSize.Format(settings.LayerBudgetBytes)}); "
                + $"at the end {final.Layers.Entries.Count} layers, {ByteSize.Format(final.Layers.TotalBytes)}, {final.Layers.Entries.Count(e => e.StaleReason is not null)} stale");
            return worst <= settings.LayerBudgetBytes ? 0 : 1;
        }
        finally
        {
            foreach (var image in Enumerable.Reverse(made))
            {
                try
                {
                    if (await engine.ImageExistsAsync(image, CancellationToken.None))
                    {
                        await engine.RemoveImageAsync(image, CancellationToken.None);
                    }
                }
                catch (ContainerEngineException)
                {
                }
            }

            Directory.Delete(work, recursive: true);
        }
    }

    private static async Task<string> BuildAsync(IContainerEngine engine, string work, string dockerfile, string tag, int bytes)
    {
        var context = Directory.CreateDirectory(Path.Combine(work, Guid.NewGuid().ToString("N"))).FullName;
        File.WriteAllBytes(Path.Combine(context, "blob"), RandomNumberGenerator.GetBytes(bytes));
        File.WriteAllText(Path.Combine(context, "Dockerfile"), dockerfile);
        await engine.BuildAsync(new ImageBuildRequest(Path.Combine(context, "Dockerfile"), context, tag), CancellationToken.None);
        Directory.Delete(context, recursive: true);
        return (await engine.InspectImageAsync(tag, CancellationToken.None))!.Id;
    }

    private static string? Option(string[] args, string name) =>
        args.FirstOrDefault(a => a.StartsWith($"--{name}=", StringComparison.Ordinal))?[(name.Length + 3)..];
}
