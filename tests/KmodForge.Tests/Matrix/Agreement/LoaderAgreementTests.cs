using System.Text.Json;
using KmodForge.Diagnostics;
using KmodForge.Loader;
using KmodForge.Loader.Detection;
using KmodForge.Matrix;
using KmodForge.Naming;
using KmodForge.Pipeline;
using KmodForge.Targets;
using KmodForge.Tests.Kernels;
using KmodForge.Tests.Targets;
using Xunit.Abstractions;

namespace KmodForge.Tests.Matrix.Agreement;

/// <summary>
/// The property the matrix exists for: every build it dispatches publishes the package file name that the loader, on
/// a node of that kernel (the distribution's real os-release, the kernel's uname -r), asks for. The matrix side is the
/// generator's dry-run chunk files, each entry named the way a matrix-build job names it (its fields through
/// <see cref="DriverBuildFactory.ResolveTargetAsync"/>, then <see cref="PackageNaming.FileName"/>); the node side is the
/// loader's own detection (<see cref="NodeDetector"/> over an os-release file, then <see cref="LoaderRun.PackageFor"/>).
/// Which node runs a kernel comes from <see cref="KernelTruth"/>, not from the registry.
/// </summary>
public sealed class LoaderAgreementTests(ITestOutputHelper output) : IDisposable
{
    private const string DriverVersion = "v1.2.3";
    private readonly DirectoryInfo work = Directory.CreateTempSubdirectory("kmodforge-agreement-");
    private readonly TempDirectoryBlobStore store = new();

    public void Dispose()
    {
        store.Dispose();
        work.Delete(recursive: true);
    }

    [Fact]
    public async Task Every_kernel_of_the_synthetic_new_schema_lists_is_published_under_the_name_its_node_asks_for()
    {
        var x86 = Write("x86_64.json", SyntheticCrawlerLists.X86_64);
        var arm = Write("aarch64.json", SyntheticCrawlerLists.Aarch64);

        var (builds, truth) = await MatrixAndTruthAsync(new() { [Architecture.X86_64] = x86, [Architecture.Aarch64] = arm });

        // Every flavour of every entry is built, and nothing else: the truth's nodes are exactly the matrix's builds.
        Assert.Equal(truth.Keys.Order(), builds.Select(b => (b.Architecture, b.Release)).Order());
        Assert.Contains(builds, b => b.Release == "6.12.30+bpo-amd64" && b.Version == "12");
        Assert.Contains(builds, b => b.Release == "6.8.0-1030-aws" && b.Version == "22.04");
        Assert.Contains(builds, b => b.Release == "6.8.0-48-generic-64k" && b.Architecture == Architecture.Aarch64);
        Assert.Contains(builds, b => b.Release == "6.12.38+deb13-arm64-16k");
        Assert.Contains(builds, b => b.Release == "6.1.0-28-rt-amd64");
        Assert.Contains(builds, b => b.Release == "5.14.0-570.el9.aarch64+64k" && b.Version == "stream9" && b.Architecture == Architecture.Aarch64);
        Assert.Contains(builds, b => b.Release == "6.12.0-124.el10.aarch64+64k" && b.Version == "stream10");
        AssertAgreement(builds, truth);
    }

    [KernelCrawlerFact]
    public async Task Every_kernel_kept_from_the_real_2022_crawler_data_is_published_under_the_name_its_node_asks_for()
    {
        var path = RepoPaths.SharedData("kernel-crawler-2022-x86_64.json")
            ?? throw new InvalidOperationException("../shared/data/kernel-crawler-2022-x86_64.json vanished after the skip check");

        var (builds, truth) = await MatrixAndTruthAsync(new() { [Architecture.X86_64] = path });

        Assert.True(builds.Count > 100, $"only {builds.Count} builds from the real data");
        AssertAgreement(builds, truth);
        var unbuilt = truth.Where(t => t.Value.OsRelease is not null && !builds.Any(b => (b.Architecture, b.Release) == t.Key)).Select(t => t.Value.Uname).ToList();
        Assert.True(unbuilt.Count == 0, "kernels of supported versions the matrix does not build: " + string.Join(", ", unbuilt));
    }

    /// <summary>One build of the matrix: the fields of its chunk entry and the file name the build job publishes.</summary>
    private sealed record Build(string Distribution, string Version, Architecture Architecture, string Release, string FileName);

    private void AssertAgreement(IReadOnlyList<Build> builds, Dictionary<(Architecture, string), KernelTruth.Node> truth)
    {
        var disagreements = new List<string>();
        foreach (var build in builds)
        {
            if (!truth.TryGetValue((build.Architecture, build.Release), out var node) || node.OsRelease is null)
            {
                disagreements.Add($"{build.FileName}: no node runs {build.Release} as {build.Distribution} {build.Version} (truth: {node?.Distribution} {node?.Version ?? "unsupported"})");
                continue;
            }

            var asked = LoaderAsks(node, build.Architecture);
            if (asked != build.FileName)
            {
                disagreements.Add($"matrix publishes {build.FileName}, the node asks for {asked}");
            }
        }

        output.WriteLine($"{builds.Count} builds checked against the loader; {disagreements.Count} disagree");
        Assert.True(disagreements.Count == 0, string.Join(Environment.NewLine, disagreements));
    }

    /// <summary>What the loader on this node asks for: its real detection on a host root holding the os-release.</summary>
    private string LoaderAsks(KernelTruth.Node node, Architecture architecture)
    {
        var root = Path.Combine(work.FullName, "node");
        Directory.CreateDirectory(Path.Combine(root, "etc"));
        File.WriteAllText(Path.Combine(root, "etc", "os-release"), node.OsRelease);
        var detected = new NodeDetector(root).Detect(node.Uname, architecture.KernelName());
        return LoaderRun.PackageFor(detected, new LoaderSettings { DriverVersion = DriverVersion }).FileName;
    }

    /// <summary>Runs the Matrix generator (dry run) over the lists and reads its chunk files; the truth is keyed by (arch, uname).</summary>
    private async Task<(IReadOnlyList<Build> Builds, Dictionary<(Architecture, string), KernelTruth.Node> Truth)> MatrixAndTruthAsync(Dictionary<Architecture, string> lists)
    {
        var settings = new MatrixSettings
        {
            DriverVersion = DriverVersion, KernelsFile = Path.Combine(work.FullName, "none.json"), UseKernelCrawler = true,
            KernelCrawlerFile = string.Join(',', lists.Select(l => $"{l.Key.KernelName()}={l.Value}")),
            Architectures = [.. lists.Keys.Select(a => a.KernelName())], LivepatchRepo = string.Empty, DryRun = true,
            ChunkSize = 256, OutputDirectory = Path.Combine(work.FullName, "out"),
        };
        using var generator = new MatrixGenerator(settings, store, null, NullBuildLog.Instance);
        var (plan, _) = await generator.RunAsync(CancellationToken.None);
        output.WriteLine(MatrixPlanReport.Format(plan));

        var builds = new List<Build>();
        foreach (var file in Directory.GetFiles(Path.Combine(settings.OutputDirectory, plan.Run.MatrixId)))
        {
            using var chunk = JsonDocument.Parse(File.ReadAllBytes(file));
            var driverName = chunk.RootElement.GetProperty("driver_name").GetString()!;
            foreach (var job in chunk.RootElement.GetProperty("include").EnumerateArray())
            {
                string Field(string name) => job.GetProperty(name).GetString()!;
                var target = await DriverBuildFactory.ResolveTargetAsync(new DriverBuildSettings
                {
                    Distribution = Field("distribution"), DistroVersion = Field("distro_version"), KernelRelease = Field("kernel_release"),
                    Architecture = Field("architecture"), DriverVersion = chunk.RootElement.GetProperty("driver_version").GetString(), DriverName = driverName,
                }, null!, CancellationToken.None);
                builds.Add(new Build(target.Distribution.Id, target.DistroVersion.Id, target.Architecture, target.KernelRelease, PackageNaming.FileName(driverName, target)));
            }
        }

        var truth = new Dictionary<(Architecture, string), KernelTruth.Node>();
        foreach (var (architecture, path) in lists)
        {
            using var list = JsonDocument.Parse(File.ReadAllBytes(path));
            foreach (var entry in list.RootElement.EnumerateObject().SelectMany(key => key.Value.EnumerateArray()))
            {
                foreach (var node in KernelTruth.For(entry, architecture.DebianName()))
                {
                    // A kernel listed twice (two crawler keys, or an HWE and a GA entry) keeps the supported answer.
                    if (!truth.TryGetValue((architecture, node.Uname), out var known) || known.OsRelease is null)
                    {
                        truth[(architecture, node.Uname)] = node;
                    }
                }
            }
        }

        return (builds, truth);
    }

    private string Write(string name, string json)
    {
        var path = Path.Combine(work.FullName, name);
        File.WriteAllText(path, json);
        return path;
    }
}
