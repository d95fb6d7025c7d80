using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text;
using System.Text.Json;
using KmodForge.GitHub;
using KmodForge.Kernels;
using KmodForge.Loader;
using KmodForge.Loader.Fetching;
using KmodForge.Matrix;
using KmodForge.Naming;
using KmodForge.Pipeline;
using KmodForge.Service;
using KmodForge.Storage;
using KmodForge.Targets;
using KmodForge.TestSupport.GitHub;

namespace KmodForge.Bench.GitHubScale;

/// <summary>
/// One nightly: the matrix generator dispatches matrix-build.yml per chunk; each dispatched run's chunk is read as the
/// prepare job reads it (256 jobs at most); each entry is a job that checks the store and publishes a tiny package.
/// </summary>
internal sealed class ScaleNightly(LocalGitHubServer server, GitHubApi github, CountingLog log, ScaleOptions options, string directory)
{
    private const string DriverName = "kmodforge-sample";

    public async Task<NightlyFigures> RunAsync(string driverVersion, KernelList kernels)
    {
        Directory.CreateDirectory(directory);
        KernelListJson.Write(kernels, Path.Combine(directory, "kernels.json"));
        var settings = new MatrixSettings
        {
            DriverName = DriverName,
            DriverVersion = driverVersion,
            KernelsFile = Path.Combine(directory, "kernels.json"),
            ChunkSize = options.ChunkSize,
            OutputDirectory = Path.Combine(directory, "out"),
        };
        var store = new LocalDirectoryBlobStore(Path.Combine(directory, "store"));
        var releasesBefore = ReleaseCount();
        var before = server.RateLimit.Total;

        GC.Collect();
        var allocated = GC.GetTotalAllocatedBytes(precise: true);
        var watch = Stopwatch.StartNew();
        using var generator = new MatrixGenerator(settings, store, new GitHubWorkflowDispatcher(github), log);
        var (plan, chunks) = await generator.RunAsync(CancellationToken.None);
        var dispatchTime = watch.Elapsed;
        var dispatchMb = (GC.GetTotalAllocatedBytes(precise: true) - allocated) / (1024.0 * 1024.0);
        using var process = Process.GetCurrentProcess();
        var peakMb = process.PeakWorkingSet64 / (1024.0 * 1024.0);
        var dispatchRequests = server.RateLimit.Total - before;

        var chunkJobs = await ReadJobsAsync(store, plan.Run.MatrixId);
        var jobs = chunkJobs.OrderBy(c => c.Chunk).Take(options.PublishChunks).SelectMany(c => c.Jobs).ToList();
        var perRelease = chunkJobs.SelectMany(c => c.Jobs).GroupBy(t => PackageNaming.ReleaseTag(t)).Max(g => g.Count());
        var published = 0;
        var failed = new ConcurrentBag<string>();
        watch.Restart();
        await Parallel.ForEachAsync(jobs, new ParallelOptions { MaxDegreeOfParallelism = options.Concurrency }, async (target, ct) =>
        {
            try
            {
                await JobAsync(target, ct);
                Interlocked.Increment(ref published);
            }
            catch (Exception e) when (e is Errors.KmodForgeException or IOException or Octokit.ApiException)
            {
                failed.Add(e.Message);
            }
        });
        var jobsTime = watch.Elapsed;
        foreach (var message in failed.Take(3))
        {
            Console.Error.WriteLine("  job failed: " + message);
        }

        var shards = plan.Diff.Builds.Select(b => (b.Target.Distribution.Id, b.Target.DistroVersion.Id, b.Target.Architecture)).Distinct().Count();
        return new NightlyFigures(driverVersion, plan.Diff.Builds.Count, chunks.Count, dispatchRequests, server.RateLimit.Total - before,
            ApiBudget.Nightly(jobs.Count, chunks.Count, shards), perRelease, jobs.Count, published, failed.Count, ReleaseCount() - releasesBefore,
            dispatchTime, dispatchMb, peakMb, jobsTime, await LoaderLookupAsync(jobs[Random.Shared.Next(jobs.Count)]));
    }

    /// <summary>The chunks of this matrix run, read from the dispatched runs' inputs as MatrixChunk reads them.</summary>
    private async Task<List<(int Chunk, List<BuildTarget> Jobs)>> ReadJobsAsync(IBlobStore store, string matrixId)
    {
        List<IReadOnlyDictionary<string, string>> runs;
        lock (server.State.Gate)
        {
            runs = [.. server.State.Runs.Select(r => r.Inputs).Where(i => i.GetValueOrDefault("matrix_id") == matrixId)];
        }

        var chunks = new List<(int Chunk, List<BuildTarget> Jobs)>();
        foreach (var inputs in runs)
        {
            byte[] bytes;
            if (inputs["chunk"].Length > 0)
            {
                bytes = Encoding.UTF8.GetBytes(inputs["chunk"]);
            }
            else
            {
                var path = Path.Combine(directory, "chunk.json");
                if (!await store.GetAsync(inputs["chunk_ref"], path, CancellationToken.None))
                {
                    throw new InvalidOperationException($"chunk {inputs["chunk_ref"]} is not in the store");
                }

                bytes = await File.ReadAllBytesAsync(path);
            }

            var contents = ChunkDocumentReader.Read(bytes, $"chunk {inputs["chunk_index"]}");
            if (contents.Builds > GitHubLimits.MaxMatrixJobs)
            {
                throw new InvalidOperationException($"chunk {contents.Chunk} has {contents.Builds} jobs; GitHub runs at most {GitHubLimits.MaxMatrixJobs} a matrix");
            }

            using var document = JsonDocument.Parse(bytes);
            var driverVersion = document.RootElement.GetProperty("driver_version").GetString()!;
            var jobs = new List<BuildTarget>();
            chunks.Add((contents.Chunk, jobs));
            foreach (var entry in document.RootElement.GetProperty("include").EnumerateArray())
            {
                jobs.Add(BuildTarget.Create(entry.GetProperty("distribution").GetString()!, entry.GetProperty("distro_version").GetString(),
                    entry.GetProperty("kernel_release").GetString()!, entry.GetProperty("architecture").GetString()!, driverVersion));
            }
        }

        return chunks;
    }

    /// <summary>What a matrix-build job does with the release store: check, then publish its (tiny) package.</summary>
    private async Task JobAsync(BuildTarget target, CancellationToken cancellationToken)
    {
        var store = new GitHubReleaseStore(github);
        var tag = PackageNaming.ReleaseTag(target, new DriverBuildSettings().ReleaseTagTemplate);
        var fileName = PackageNaming.FileName(DriverName, target);
        if (await store.FindAsync(tag, fileName, cancellationToken) is not null)
        {
            return;
        }

        var path = Path.Combine(directory, "packages", Guid.NewGuid().ToString("N"), fileName);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        await File.WriteAllTextAsync(path, $"tiny package {fileName}\n", cancellationToken);
        try
        {
            await store.PublishAsync(tag, path, cancellationToken);
        }
        finally
        {
            Directory.Delete(Path.GetDirectoryName(path)!, recursive: true);
        }
    }

    /// <summary>The loader's lookup for one variant: its default template and its fetcher, over the release download URL.</summary>
    private async Task<string> LoaderLookupAsync(BuildTarget target)
    {
        var template = new LoaderSettings().ReleaseTagTemplate;
        if (template != new ServiceSettings().ReleaseTagTemplate || template != new DriverBuildSettings().ReleaseTagTemplate)
        {
            return "FAILED: the loader, the service and the build host disagree on the default tag template";
        }

        var tag = PackageNaming.ReleaseTag(target, template);
        var fileName = PackageNaming.FileName(DriverName, target);
        using var http = new HttpClient();
        // The simulation publishes unsigned packages (signing costs no REST request): the loader accepts them here.
        var fetcher = new PackageFetcher(http, $"{server.BaseUrl}{server.Owner}/{server.Repo}/releases/download", Path.Combine(directory, "loader-cache"), log, trust: null);
        try
        {
            var path = await fetcher.FetchAsync(tag, fileName, CancellationToken.None);
            return $"{tag}/{fileName} fetched and verified ({new FileInfo(path).Length} bytes)";
        }
        catch (Exception e) when (e is Errors.KmodForgeException or HttpRequestException)
        {
            return $"FAILED for {tag}/{fileName}: {e.Message}";
        }
    }

    private int ReleaseCount()
    {
        lock (server.State.Gate)
        {
            return server.State.Releases.Count;
        }
    }
}
