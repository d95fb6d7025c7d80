using System.Text.Json;
using KmodForge.Diagnostics;
using KmodForge.Kernels;
using KmodForge.Matrix;
using KmodForge.Targets;

namespace KmodForge.Tests.Matrix;

public sealed class MatrixGeneratorTests : IDisposable
{
    private readonly DirectoryInfo work = Directory.CreateTempSubdirectory("kmodforge-matrix-");
    private readonly TempDirectoryBlobStore store = new();

    public void Dispose()
    {
        store.Dispose();
        work.Delete(recursive: true);
    }

    private MatrixSettings Settings(int kernels, string driver = "v1.0.0", int chunkSize = 2, bool dryRun = false)
    {
        var list = new KernelList();
        for (var i = 1; i <= kernels; i++)
        {
            list.Add(Architecture.X86_64, new KernelEntry("debian", $"6.1.0-{i}-amd64", "12", []));
        }

        list.Add(Architecture.Aarch64, new KernelEntry("amazonlinux", "6.12.58-82.121.amzn2023.aarch64", "2023", []));
        var path = Path.Combine(work.FullName, "kernels.json");
        KernelListJson.Write(list, path);
        return new MatrixSettings
        {
            DriverName = "kmodforge-sample",
            DriverVersion = driver,
            KernelsFile = path,
            ChunkSize = chunkSize,
            DryRun = dryRun,
            OutputDirectory = Path.Combine(work.FullName, "out"),
            GitHubOutput = Path.Combine(work.FullName, "github_output"),
        };
    }

    private async Task<(MatrixPlan Plan, IReadOnlyList<ChunkDispatch> Chunks)> Run(MatrixSettings settings, RecordingDispatcher dispatcher)
    {
        using var generator = new MatrixGenerator(settings, store, dispatcher, NullBuildLog.Instance);
        return await generator.RunAsync(CancellationToken.None);
    }

    [Fact]
    public async Task Dispatches_one_workflow_per_chunk_then_only_what_changed()
    {
        var dispatcher = new RecordingDispatcher();
        var (plan, chunks) = await Run(Settings(4), dispatcher);

        Assert.Equal(5, plan.Diff.Builds.Count);
        Assert.Equal([2, 2, 1], chunks.Select(c => c.Builds));
        Assert.Equal(3, dispatcher.Calls.Count);
        Assert.All(dispatcher.Calls, c => Assert.Equal(("matrix-build.yml", "main"), (c.Workflow, c.Ref)));
        var inline = JsonDocument.Parse(dispatcher.Calls[0].Inputs["chunk"]).RootElement;
        Assert.Equal(2, inline.GetProperty("include").GetArrayLength());
        Assert.True(await store.ExistsAsync(plan.PreviousKey, default));
        Assert.True(await store.ExistsAsync(chunks[2].StoreKey, default));
        Assert.Equal(plan.PreviousKey, store.Puts[^1]);

        var again = new RecordingDispatcher();
        var (second, _) = await Run(Settings(5), again);
        Assert.Equal(["6.1.0-5-amd64"], second.Diff.Builds.Select(b => b.Target.KernelRelease));
        Assert.Single(again.Calls);

        var newDriver = new RecordingDispatcher();
        var (third, _) = await Run(Settings(5, driver: "v1.1.0"), newDriver);
        Assert.Equal(6, third.Diff.Builds.Count);
        Assert.True(third.Diff.DriverVersionChanged);
    }

    [Fact]
    public async Task A_failed_dispatch_leaves_the_previous_matrix_unchanged()
    {
        await Run(Settings(2), new RecordingDispatcher());
        var before = File.ReadAllBytes(store.PathOf("matrix/kmodforge-sample/previous.json"));

        await Assert.ThrowsAsync<HttpRequestException>(() => Run(Settings(8), new RecordingDispatcher(failAtCall: 2)));

        Assert.Equal(before, File.ReadAllBytes(store.PathOf("matrix/kmodforge-sample/previous.json")));
        var retry = new RecordingDispatcher();
        var (plan, _) = await Run(Settings(8), retry);
        Assert.Equal(6, plan.Diff.Builds.Count);
    }

    [Fact]
    public async Task Too_many_chunks_dispatches_and_stores_nothing()
    {
        var dispatcher = new RecordingDispatcher();
        var e = await Assert.ThrowsAsync<MatrixTooLargeException>(() => Run(Settings(600, chunkSize: 2), dispatcher));

        Assert.Equal(601, e.Builds);
        Assert.Empty(dispatcher.Calls);
        Assert.Empty(store.Puts);
    }

    [Fact]
    public async Task A_dry_run_writes_chunk_files_and_outputs_without_dispatching()
    {
        var settings = Settings(3, dryRun: true);
        var (plan, chunks) = await Run(settings, new RecordingDispatcher());

        var files = Directory.GetFiles(Path.Combine(settings.OutputDirectory, plan.Run.MatrixId)).Select(Path.GetFileName).Order().ToList();
        Assert.Equal(["chunk-001.json", "chunk-002.json"], files);
        Assert.Equal(2, chunks.Count);
        var report = MatrixPlanReport.Format(plan);
        Assert.Contains("debian       12        x86_64         3 / 3", report, StringComparison.Ordinal);
        Assert.Contains("Chunks: 2 of at most 2 builds", report, StringComparison.Ordinal);

        var outputs = ParseGitHubOutput(File.ReadAllText(settings.GitHubOutput!));
        Assert.Equal("true", outputs["dry_run"]);
        Assert.Equal("4", outputs["builds"]);
        Assert.Equal("2", outputs["chunks"]);
        Assert.Equal(plan.Run.MatrixId, outputs["matrix_id"]);
        Assert.Equal(chunks.Select(c => c.StoreKey), JsonSerializer.Deserialize<string[]>(outputs["chunk_keys"]));
    }

    /// <summary>Reads name&lt;&lt;DELIMITER blocks the way the runner does.</summary>
    private static Dictionary<string, string> ParseGitHubOutput(string text)
    {
        var result = new Dictionary<string, string>();
        var lines = text.Split('\n');
        for (var i = 0; i < lines.Length && lines[i].Length > 0; i++)
        {
            var (name, delimiter) = (lines[i][..lines[i].IndexOf("<<", StringComparison.Ordinal)], lines[i][(lines[i].IndexOf("<<", StringComparison.Ordinal) + 2)..]);
            var value = new List<string>();
            while (lines[++i] != delimiter)
            {
                value.Add(lines[i]);
            }

            result[name] = string.Join('\n', value);
        }

        return result;
    }

    [Fact]
    public async Task Kernels_json_entries_the_registry_refuses_are_one_clear_error()
    {
        var settings = Settings(1);
        File.WriteAllText(settings.KernelsFile, """{"x86_64": [{"target": "debian", "kernelrelease": "5.10.0-28-amd64", "distroversion": "11"}], "aarch64": []}""");

        var e = await Assert.ThrowsAsync<KernelListFormatException>(() => Run(settings, new RecordingDispatcher()));
        Assert.Contains("$.x86_64[0] distro_version: '11'", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Bad_settings_name_each_setting()
    {
        var e = Assert.Throws<KmodForge.Configuration.SettingsException>(() => new MatrixSettings
        {
            DriverName = "Bad Name", DriverVersion = "x", ChunkSize = 300, RunsOnX86_64 = "ubuntu;rm", Architectures = ["sparc"],
        }.Validate());
        Assert.Equal(5, e.Errors.Count);
        Assert.Contains(e.Errors, x => x.StartsWith("--chunk-size: 300", StringComparison.Ordinal));
    }
}
