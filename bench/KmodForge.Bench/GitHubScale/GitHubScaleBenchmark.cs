using System.Diagnostics;
using System.Globalization;
using KmodForge.Diagnostics;
using KmodForge.GitHub;
using KmodForge.Kernels;
using KmodForge.Matrix;
using KmodForge.Naming;
using KmodForge.Storage;
using KmodForge.TestSupport.GitHub;

namespace KmodForge.Bench.GitHubScale;

/// <summary>
/// The nightly at scale against <see cref="LocalGitHubServer"/> with GitHub's limits enforced (1,000 assets a release,
/// 65,535 characters of dispatch inputs, 256 jobs a matrix, a REST budget per hour): the real matrix generator and
/// dispatcher, one job per build doing what the Driver task does with the real release store (check, then publish a
/// tiny package), and the loader's own lookup of a random variant. Nightlies for several driver versions are kept side
/// by side in Releases, as the seeds keep three.
/// Usage: bench github-scale [--builds=540] [--driver-versions=3] [--chunk-size=50] [--requests-per-hour=5000] [--concurrency=8]
/// [--publish-chunks=all]: with --publish-chunks=N only the jobs of each run's first N chunks publish (every chunk is
/// still dispatched and read), for runs too large to publish in full on one machine.
/// </summary>
public static class GitHubScaleBenchmark
{
    public static async Task<int> RunAsync(string[] args)
    {
        int Arg(string name, int fallback) =>
            args.FirstOrDefault(a => a.StartsWith($"--{name}=", StringComparison.Ordinal)) is { } a ? int.Parse(a[(name.Length + 3)..], CultureInfo.InvariantCulture) : fallback;
        var options = new ScaleOptions(Arg("builds", 540), Arg("driver-versions", 3), Arg("chunk-size", 50), Arg("requests-per-hour", 5000), Arg("concurrency", 8), Arg("publish-chunks", int.MaxValue));
        var shards = ScaleKernels.Shards();
        Console.WriteLine($"github-scale: {options.Builds:N0} builds × {options.DriverVersions} driver versions over {shards.Count} shards (distribution × version × architecture), " +
            $"chunks of {options.ChunkSize}, budget {options.RequestsPerHour:N0} REST requests/hour, {options.Concurrency} jobs at once; tag template {PackageNaming.DefaultReleaseTagTemplate}");

        var root = Directory.CreateTempSubdirectory("kmodforge-github-scale-").FullName;
        await using var server = await LocalGitHubServer.StartAsync();
        server.RecordRequests = false;
        server.RateLimit.Limit = options.RequestsPerHour;
        server.State.AddWorkflow("matrix-build.yml", "Matrix build", "matrix-build ${{ inputs.matrix_id }} ${{ inputs.chunk_index }}", [.. DispatchInputs.Names]);
        var log = new CountingLog();
        using var github = GitHubClientFactory.Connect(new GitHubSettings
        {
            Token = server.Token,
            Repository = server.Repository,
            ApiUrl = server.BaseUrl.ToString(),
            MaxRateLimitWait = TimeSpan.FromSeconds(2),
            RetryBaseDelay = TimeSpan.FromMilliseconds(50),
        }, log);
        try
        {
            var totals = new List<NightlyFigures>();
            for (var v = 1; v <= options.DriverVersions; v++)
            {
                // Nightlies are a day apart: each starts with a fresh hourly window.
                server.RateLimit.ResetWindow();
                var nightly = new ScaleNightly(server, github, log, options, Path.Combine(root, $"v{v}"));
                var figures = await nightly.RunAsync($"v{v}.0.0", ScaleKernels.List(options.Builds, shards));
                totals.Add(figures);
                Console.WriteLine("  " + figures);
            }

            Report(server, options, totals, log);
            return totals.All(t => t.Failed == 0) ? 0 : 1;
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    private static void Report(LocalGitHubServer server, ScaleOptions options, IReadOnlyList<NightlyFigures> nightlies, CountingLog log)
    {
        int[] assets;
        lock (server.State.Gate)
        {
            assets = [.. server.State.Releases.Select(r => r.Assets.Count)];
        }

        var requests = nightlies.Sum(n => n.Requests);
        Console.WriteLine($"  releases: {assets.Length}, assets per release: max {assets.DefaultIfEmpty().Max()}, mean {assets.DefaultIfEmpty().Average():0}; " +
            $"at the 1,000-asset cap: {assets.Count(a => a >= PackageNaming.MaxAssetsPerRelease)}; room per release at {PackageNaming.AssetsPerPackage} assets a package: {PackageNaming.PackagesPerRelease} packages");
        Console.WriteLine($"  most packages any release will hold: {nightlies.Max(n => n.MaxPerRelease)} (cap at {PackageNaming.AssetsPerPackage} assets a package: {PackageNaming.PackagesPerRelease})");
        Console.WriteLine($"  REST requests: {requests:N0} in all, {requests / (double)nightlies.Count:N0} a nightly, {(requests - nightlies.Sum(n => n.DispatchRequests)) / (double)nightlies.Sum(n => n.Jobs):0.00} a build job " +
            $"(formula chunks + jobs × {ApiBudget.RequestsPerBuild} + new releases = {nightlies.Sum(n => n.Projected):N0} projected for {PackageNaming.AssetsPerPackage} assets a package); refused by the budget: {server.RateLimit.Refused:N0}");
        Console.WriteLine($"  dispatch: {nightlies.Sum(n => n.DispatchTime.TotalSeconds):0.0} s for {nightlies.Sum(n => n.Chunks)} chunks of {nightlies.Sum(n => n.Builds):N0} builds; peak working set {nightlies.Max(n => n.PeakWorkingSetMb):0} MB");
        var nightly = nightlies.Sum(n => ApiBudget.Nightly(n.Builds, n.Chunks, n.NewReleases)) / (double)nightlies.Count;
        Console.WriteLine($"  hours of budget a nightly needs ({nightly:N0} requests by the formula): GITHUB_TOKEN (1,000/h) {nightly / 1000:0.0}, GitHub App (5,000/h) {nightly / 5000:0.00}, app at 12,500/h {nightly / 12500:0.00}");
        Console.WriteLine($"  warnings: {log.Warnings} (first: {log.FirstWarning ?? "none"})");
    }
}

internal sealed record ScaleOptions(int Builds, int DriverVersions, int ChunkSize, int RequestsPerHour, int Concurrency, int PublishChunks);

/// <summary>What one nightly did.</summary>
internal sealed record NightlyFigures(string DriverVersion, int Builds, int Chunks, long DispatchRequests, long Requests, long Projected, int MaxPerRelease, int Jobs, int Published, int Failed,
    int NewReleases, TimeSpan DispatchTime, double DispatchAllocatedMb, double PeakWorkingSetMb, TimeSpan JobsTime, string LoaderLookup)
{
    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"{DriverVersion}: {Builds:N0} builds in {Chunks} chunks; dispatch {DispatchTime.TotalSeconds:0.00} s ({DispatchRequests} requests, {DispatchAllocatedMb:0} MB allocated, peak working set {PeakWorkingSetMb:0} MB); " +
        $"most packages a release will hold {MaxPerRelease} ({MaxPerRelease * PackageNaming.AssetsPerPackage} assets at {PackageNaming.AssetsPerPackage} a package); " +
        $"{Jobs:N0} jobs in {JobsTime.TotalSeconds:0.0} s: {Published:N0} published, {Failed} failed, {NewReleases} new releases; REST requests {Requests:N0} (projected {Projected:N0}); loader lookup: {LoaderLookup}");
}

/// <summary>Counts warnings (the early budget warnings among them) and drops the rest.</summary>
internal sealed class CountingLog : IBuildLog
{
    private int warnings;

    public int Warnings => warnings;

    public string? FirstWarning { get; private set; }

    public IDisposable Phase(string name) => new Done();

    public void Info(string message)
    {
    }

    public void Verbose(string message)
    {
    }

    public void Warning(string message)
    {
        if (Interlocked.Increment(ref warnings) == 1)
        {
            FirstWarning = message;
        }
    }

    public void Error(string message) => Console.Error.WriteLine("  error: " + message);

    public void Progress(string what, long done, long? total)
    {
    }

    private sealed class Done : IDisposable
    {
        public void Dispose()
        {
        }
    }
}
