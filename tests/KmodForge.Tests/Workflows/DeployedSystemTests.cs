using System.Text.RegularExpressions;
using KmodForge.GitHub;
using KmodForge.Images.ImageCache;
using KmodForge.Naming;
using KmodForge.Targets;
using KmodForge.Tests.Actions;
using KmodForge.Tests.Support;
using Xunit.Abstractions;

namespace KmodForge.Tests.Workflows;

/// <summary>
/// The deployed system run whole, as GitHub would run it: the real workflow files through the local Actions runner,
/// real builds of real Debian kernels, s3rver as the bucket, LocalGitHubServer as GitHub. One test, in the order a
/// deployment lives through it: the weekly base images, a first nightly, later nightlies (nothing new; a new driver
/// version; a kernel whose headers do not exist), then a node whose kernel nobody built.
/// </summary>
[Collection("Containers")]
public sealed partial class DeployedSystemTests(ITestOutputHelper output)
{
    private static readonly TimeSpan RunTimeout = TimeSpan.FromMinutes(20);

    [ContainerFact]
    public async Task The_weekly_nightly_and_on_demand_workflows_run_whole()
    {
        var kernels = await ScenarioKernels.ResolveAsync(new KmodForge.Tests.GitHub.RecordingLog(), CancellationToken.None);
        output.WriteLine($"kernels: {kernels.Bookworm.KernelRelease}, {kernels.Backports.KernelRelease}, {kernels.Trixie.KernelRelease}; on demand: {kernels.OlderBookworm}");
        await using var system = await DeployedSystem.StartAsync(kernels.KernelsJson());
        try
        {
            await WeeklyBaseImagesAsync(system);
            await FirstNightlyAsync(system, kernels);
            await SecondNightlyDispatchesNothingAsync(system);
            await NewDriverVersionWithAMissingKernelAsync(system, kernels);
            await new OnDemandLoop(system, kernels, output).RunAsync();
        }
        finally
        {
            foreach (var run in system.Runner.Runs)
            {
                output.WriteLine($"run {run.Id} {run.Workflow} '{run.DisplayTitle}': {run.Conclusion}; jobs: {string.Join(", ", run.Jobs.Select(j => $"{j.Name}={j.Result}"))}");
                foreach (var job in run.Jobs)
                {
                    output.WriteLine($"--- {job.Name}: the log's last lines");
                    output.WriteLine(string.Join('\n', job.Log.Split('\n').TakeLast(25)));
                }
            }
        }
    }

    /// <summary>base-images.yml, dispatched for the two images this machine can build: tarballs and checksums in S3.</summary>
    private async Task WeeklyBaseImagesAsync(DeployedSystem system)
    {
        var before = system.Runner.Runs.Count;
        await system.DispatchAsync(WorkflowContract.BaseImages, new Dictionary<string, string> { ["images"] = "debian:12:x86_64,debian:13:x86_64" });
        var run = Assert.Single(await system.SettleAsync(before, RunTimeout));

        Assert.Equal("success", run.Conclusion);
        Assert.Equal(3, run.Jobs.Count); // plan + one job per image
        using var store = system.S3.Store(prefix: "kmodforge");
        var keys = new BaseImageKeyCalculator(RepoPaths.Root);
        foreach (var version in new[] { "12", "13" })
        {
            var key = keys.Compute(DistroRegistry.Debian, DistroRegistry.Debian.GetVersion(version), Architecture.X86_64);
            Assert.True(await store.ExistsAsync(key.ObjectKey(ImageCompression.Gzip), CancellationToken.None), key.ObjectKey(ImageCompression.Gzip));
            Assert.True(await store.ExistsAsync(key.ChecksumKey(ImageCompression.Gzip), CancellationToken.None), key.ChecksumKey(ImageCompression.Gzip));

            // A fresh runner has no base image: untag the local ones so the nightly's jobs must get theirs from the run.
            await LocalImages.UntagAsync(key.KeyedTag, key.Tag);
        }
    }

    /// <summary>matrix-generator.yml with a small chunk size: two matrix-build runs, one by reference; base images from S3 once per run.</summary>
    private async Task FirstNightlyAsync(DeployedSystem system, ScenarioKernels kernels)
    {
        var before = system.Runner.Runs.Count;
        await system.DispatchAsync(WorkflowContract.MatrixGenerator, new Dictionary<string, string> { ["chunk_size"] = "2" });
        var runs = await system.SettleAsync(before, RunTimeout);

        var builds = runs.Where(r => r.Workflow == WorkflowContract.MatrixBuild).ToList();
        Assert.Equal(2, builds.Count);
        Assert.All(runs, r => Assert.Equal("success", r.Conclusion));
        Assert.Single(builds, r => r.Inputs["chunk_ref"].Length > 0 && r.Inputs["chunk"].Length == 0);
        Assert.Single(builds, r => r.Inputs["chunk"].Length > 0 && r.Inputs["chunk_ref"].Length == 0);

        // Each run fetched its chunk's one base image from S3 once (its prepare job); no build job touched S3.
        var prepares = builds.Select(r => r.Jobs.Single(j => j.Name.StartsWith("Prepare", StringComparison.Ordinal))).ToList();
        Assert.All(prepares, j => Assert.Single(TarballDownload().Matches(j.Log)));
        var results = builds.SelectMany(r => r.Jobs).Where(IsResults).ToList();
        var buildJobs = builds.SelectMany(r => r.Jobs).Except(prepares).Except(results).ToList();
        Assert.Equal(3, buildJobs.Count);

        // Each run's results job merged its build jobs' outcome records (the coverage report reads them): 3 published, none failed.
        Assert.Equal(2, results.Count);
        Assert.All(results, j => Assert.Equal("success", j.Result));
        Assert.Equal((3, 0, 0), MergedOutcomes(results));
        Assert.All(buildJobs, j => Assert.DoesNotContain("s3://", j.Log, StringComparison.Ordinal));
        Assert.All(buildJobs, j => Assert.DoesNotMatch(@": (built|registry) \(content key", j.Log));
        Assert.All(buildJobs, j => Assert.DoesNotContain("registry: pulled", j.Log, StringComparison.Ordinal));
        Assert.All(buildJobs, j => Assert.Matches(@"kmodforge/base-debian:1[23]-amd64: (local|cache) \(content key", j.Log));
        foreach (var image in new[] { "12", "13" })
        {
            // Each image reached this machine from the run's artifact (jobs on one machine may then find it local).
            Assert.Contains(buildJobs, j => j.Log.Contains($"base-debian:{image}-amd64: cache (content key", StringComparison.Ordinal)
                && j.Log.Contains("restored from local directory", StringComparison.Ordinal) && j.Log.Contains("/base-images", StringComparison.Ordinal));
        }

        // Every package and its checksum are in the release; each job's summary names its build.
        foreach (var target in new[] { kernels.Bookworm, kernels.Backports, kernels.Trixie })
        {
            var nightly = target.WithDriverVersion(DeployedSystem.NightlyDriverVersion);
            var file = GitHubAssetName.For(PackageNaming.FileName("kmodforge-sample", nightly));
            Assert.Contains(file, system.ReleaseAssets(PackageNaming.ReleaseTag(nightly)));
            Assert.Contains(file + ".sha256", system.ReleaseAssets(PackageNaming.ReleaseTag(nightly)));
            Assert.Single(buildJobs, j => j.StepSummary.Contains(target.KernelRelease, StringComparison.Ordinal));
        }
    }

    /// <summary>The scheduled nightly, nothing changed: it dispatches nothing.</summary>
    private static async Task SecondNightlyDispatchesNothingAsync(DeployedSystem system)
    {
        var before = system.Runner.Runs.Count;
        await system.Runner.StartScheduledAsync(WorkflowContract.MatrixGenerator);
        var run = Assert.Single(await system.SettleAsync(before, RunTimeout));

        Assert.Equal(("schedule", "success"), (run.Event, run.Conclusion));
        Assert.Contains("0 builds", Assert.Single(run.Jobs).Log, StringComparison.Ordinal);
    }

    /// <summary>
    /// driver_version v0.2.0, a tag of the driver's repository whose source differs: every kernel is rebuilt from the
    /// tag; a kernel added to kernels.json whose headers exist nowhere fails its own job, and its summary says why.
    /// </summary>
    private static async Task NewDriverVersionWithAMissingKernelAsync(DeployedSystem system, ScenarioKernels kernels)
    {
        const string missing = "6.1.0-9999-amd64";
        const string marker = "kmodforge-scenario-source-v0.2.0";
        system.Server.State.Commit(system.Server.DefaultBranch, new Dictionary<string, string> { ["kernels.json"] = kernels.KernelsJson(missing) });
        DriverRepository.TagWithMarker(system.Server.State, "v0.2.0", marker);
        system.Vars["DRIVER_REPOSITORY"] = system.Server.Repository;
        system.Vars["DRIVER_SOURCE_PATH"] = "samples/kmodforge-sample";

        var before = system.Runner.Runs.Count;
        await system.DispatchAsync(WorkflowContract.MatrixGenerator, new Dictionary<string, string> { ["chunk_size"] = "2", ["driver_version"] = "v0.2.0" });
        var runs = await system.SettleAsync(before, RunTimeout);

        var all = runs.Where(r => r.Workflow == WorkflowContract.MatrixBuild).SelectMany(r => r.Jobs).ToList();
        var jobs = all.Where(j => !j.Name.StartsWith("Prepare", StringComparison.Ordinal) && !IsResults(j)).ToList();
        Assert.Equal(4, jobs.Count);

        // The failed build reaches the run's matrix results (and so the coverage report) as failed, next to the 3 published.
        Assert.Equal((3, 1, 0), MergedOutcomes(all.Where(IsResults)));
        var failed = Assert.Single(jobs, j => j.Result == "failure");
        Assert.Contains(missing, failed.Name, StringComparison.Ordinal);
        Assert.Contains(missing, failed.StepSummary + string.Join('\n', failed.Annotations), StringComparison.Ordinal);
        Assert.Equal(3, jobs.Count(j => j.Result == "success"));
        foreach (var target in new[] { kernels.Bookworm, kernels.Backports, kernels.Trixie })
        {
            var next = target.WithDriverVersion("v0.2.0");
            var file = PackageNaming.FileName("kmodforge-sample", next);
            Assert.Contains(GitHubAssetName.For(file), system.ReleaseAssets(PackageNaming.ReleaseTag(next)));
            Assert.Contains(marker, DriverRepository.ModuleText(system.Server.State, PackageNaming.ReleaseTag(next), GitHubAssetName.For(file)), StringComparison.Ordinal);
        }
    }

    /// <summary>A matrix-build run's results job (it merges the build jobs' outcome records).</summary>
    private static bool IsResults(ActionsJob job) => job.Name.StartsWith("Merge the chunk's build outcomes", StringComparison.Ordinal);

    /// <summary>The outcomes the results jobs merged, summed over the runs, as the MatrixResults task printed them.</summary>
    private static (int Published, int Failed, int NotApplicable) MergedOutcomes(IEnumerable<ActionsJob> results)
    {
        var counts = results.Select(j => MatrixResultsLine().Match(j.Log)).ToList();
        Assert.All(counts, m => Assert.True(m.Success, "a results job printed no 'Matrix results' line"));
        return (counts.Sum(m => int.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture)),
            counts.Sum(m => int.Parse(m.Groups[2].Value, System.Globalization.CultureInfo.InvariantCulture)),
            counts.Sum(m => int.Parse(m.Groups[3].Value, System.Globalization.CultureInfo.InvariantCulture)));
    }

    [GeneratedRegex(@"Matrix results [^:\n]*: published (\d+), failed (\d+), not_applicable (\d+);")]
    private static partial Regex MatrixResultsLine();

    [GeneratedRegex(@"downloaded \S*base-images/\S+\.tar\.gz: ")]
    private static partial Regex TarballDownload();
}
