using System.Diagnostics;
using System.Text.Json;
using System.Text.RegularExpressions;
using KmodForge.GitHub;
using KmodForge.Kernels;
using KmodForge.Matrix;
using KmodForge.Targets;
using KmodForge.Tests.Kernels;
using YamlDotNet.RepresentationModel;

namespace KmodForge.Tests.GitHub;

/// <summary>The workflows against the C# side: same input names, only ./build.sh calls of known tasks, least privilege.</summary>
public sealed partial class WorkflowContractTests
{
    public static TheoryData<string> Files => [.. WorkflowContract.Files];

    [Fact]
    public void The_workflow_folder_holds_exactly_the_contracts_workflows()
    {
        var present = Directory.GetFiles(WorkflowFiles.Directory).Select(Path.GetFileName).Order().ToList();
        Assert.Equal(WorkflowContract.Files.Order(), present);
    }

    [Theory]
    [MemberData(nameof(Files))]
    public void Every_job_command_is_a_build_sh_call_of_a_known_task_without_inline_expressions(string file)
    {
        var runs = WorkflowFiles.Jobs(WorkflowFiles.Load(file)).SelectMany(j => WorkflowFiles.Steps(j.Definition))
            .Select(s => s.Scalar("run")).OfType<string>().ToList();
        Assert.NotEmpty(runs);
        foreach (var run in runs)
        {
            if (file == WorkflowContract.Ci)
            {
                Assert.Equal("bash .ci/run", run);
                continue;
            }

            // Values reach the command only through environment variables, quoted: no ${{ }} inside a script.
            Assert.DoesNotContain("${{", run, StringComparison.Ordinal);
            var match = BuildShCall().Match(run.Trim());
            Assert.True(match.Success, $"{file}: not a ./build.sh call of the accepted form: {run}");
            Assert.Contains(match.Groups["task"].Value, WorkflowContract.Tasks.All);
        }
    }

    [Theory]
    [MemberData(nameof(Files))]
    public void Every_workflow_declares_permissions_and_only_publishers_may_write(string file)
    {
        var workflow = WorkflowFiles.Load(file);
        var permissions = workflow.Map("permissions");
        var granted = permissions.Keys().ToDictionary(k => k, k => permissions.Scalar(k));
        Assert.Contains(granted.GetValueOrDefault("contents"), new[] { "read", "write" });
        Assert.All(granted.Values, v => Assert.Contains(v, new[] { "read", "write", "none" }));
        var expectedWrites = file switch
        {
            WorkflowContract.MatrixBuild => new[] { "contents" },
            WorkflowContract.DriverBuild => ["contents", "pull-requests"],
            WorkflowContract.MatrixGenerator => ["actions"],
            WorkflowContract.CoverageReport => ["id-token", "pages"],
            _ => [],
        };
        Assert.Equal(expectedWrites.Order(), granted.Where(g => g.Value == "write").Select(g => g.Key).Order());
        foreach (var (job, definition) in WorkflowFiles.Jobs(workflow))
        {
            if (definition.Get("permissions") is YamlMappingNode jobPermissions)
            {
                Assert.All(jobPermissions.Keys(), k => Assert.True(granted.ContainsKey(k), $"{file} job {job}: permission {k} beyond the workflow's"));
            }

            Assert.NotNull(definition.Scalar("timeout-minutes"));
        }
    }

    [Theory]
    [MemberData(nameof(Files))]
    public void Every_action_is_pinned_to_a_full_commit_sha(string file)
    {
        var uses = WorkflowFiles.Jobs(WorkflowFiles.Load(file)).SelectMany(j => WorkflowFiles.Steps(j.Definition))
            .Select(s => s.Scalar("uses")).OfType<string>().ToList();
        Assert.NotEmpty(uses);
        Assert.All(uses, u => Assert.Matches("^[a-z0-9-]+/[a-z0-9-]+@[0-9a-f]{40}$", u));
    }

    [Fact]
    public void Driver_build_takes_exactly_the_inputs_the_build_service_dispatches_and_its_run_name_carries_the_build_id()
    {
        var workflow = WorkflowFiles.Load(WorkflowContract.DriverBuild);
        Assert.Equal(WorkflowContract.DriverBuildInputs.All.Order(), WorkflowFiles.DispatchInputs(workflow).Keys.Order());

        var target = BuildTarget.Create("ubuntu", "24.04", "6.14.0-1021-gcp", "x86_64", "v0.1.2");
        var inputs = WorkflowContract.DriverBuildInputs.For(target, "b-0f3c9a2e");
        var title = InputExpression().Replace(workflow.Scalar("run-name")!, m => inputs[m.Groups[1].Value]);
        Assert.True(GitHubWorkflowRuns.Matches(title, "b-0f3c9a2e"), title);
        Assert.False(GitHubWorkflowRuns.Matches(title, "b-0f3c9a2"), title);
        var declared = WorkflowFiles.DispatchInputs(workflow);
        Assert.Equal("choice", declared["architecture"].Scalar("type"));
        Assert.Equal(Enum.GetValues<Architecture>().Select(a => a.KernelName()), Options(declared["architecture"]));
        Assert.Equal(DistroRegistry.All.Select(d => d.Id), Options(declared["distribution"]));
        Assert.NotNull(workflow.Get("concurrency"));
    }

    [Fact]
    public void Matrix_build_takes_the_matrix_dispatch_inputs_and_reads_only_keys_the_chunk_document_has()
    {
        var workflow = WorkflowFiles.Load(WorkflowContract.MatrixBuild);
        Assert.Equal(DispatchInputs.Names.Order(), WorkflowFiles.DispatchInputs(workflow).Keys.Order());

        var target = BuildTarget.Create("debian", "12", "6.1.0-28-amd64", "x86_64", "v0.1.0");
        var chunk = new MatrixChunk(1, 1, [new MatrixKernel(target, ["https://deb.debian.org/h.deb"], KernelSource.KernelsJson)]);
        using var document = JsonDocument.Parse(ChunkDocument.ToBytes(chunk, new MatrixRun("m-1", "kmodforge-sample", "v0.1.0", new MatrixSettings())));
        var entryKeys = document.RootElement.GetProperty("include")[0].EnumerateObject().Select(p => p.Name).ToHashSet();
        var used = WorkflowFiles.Scalars(workflow).SelectMany(s => MatrixKey().Matches(s).Select(m => m.Groups[1].Value)).ToHashSet();
        Assert.Equal(WorkflowContract.ChunkEntryKeysRead.Order(), used.Order());
        Assert.All(used, k => Assert.Contains(k, entryKeys));

        var build = WorkflowFiles.Jobs(workflow).Single(j => j.Job == "build").Definition;
        Assert.Equal("${{ matrix.runs_on }}", build.Scalar("runs-on"));
        var strategy = build.Map("strategy");
        Assert.Equal("false", strategy.Scalar("fail-fast"));
        Assert.Equal("${{ fromJSON(needs.prepare.outputs.chunk).include }}", strategy.Map("matrix").Scalar("include"));
        var concurrency = workflow.Map("concurrency").Scalar("group");
        Assert.Contains("inputs.matrix_id", concurrency, StringComparison.Ordinal);
        Assert.Contains("inputs.chunk_index", concurrency, StringComparison.Ordinal);
    }

    [Fact]
    public void Matrix_generator_runs_nightly_and_manually_with_the_crawler_and_chunk_size_inputs()
    {
        var workflow = WorkflowFiles.Load(WorkflowContract.MatrixGenerator);
        Assert.Equal(WorkflowContract.MatrixGeneratorInputs.All.Order(), WorkflowFiles.DispatchInputs(workflow).Keys.Order());
        Assert.Equal("boolean", WorkflowFiles.DispatchInputs(workflow)["use_kernel_crawler"].Scalar("type"));
        Assert.NotNull(((YamlSequenceNode)workflow.Map("on").Get("schedule")!).Children.Single());
        Assert.NotNull(workflow.Get("concurrency"));
        var tasks = WorkflowFiles.Jobs(workflow).SelectMany(j => WorkflowFiles.Steps(j.Definition)).Select(s => s.Scalar("run")).OfType<string>()
            .Select(r => BuildShCall().Match(r).Groups["task"].Value).ToList();
        Assert.Equal([WorkflowContract.Tasks.Matrix], tasks);
        Assert.Equal("'50'", Regex.Match(WorkflowFiles.Jobs(workflow).Single().Definition.Map("env").Scalar("CHUNK_SIZE")!, @"\|\| ('\d+')").Groups[1].Value);
        Assert.Equal("50", WorkflowFiles.DispatchInputs(workflow)["chunk_size"].Scalar("default"));
        Assert.Equal(new MatrixSettings().ChunkSize.ToString(System.Globalization.CultureInfo.InvariantCulture), WorkflowFiles.DispatchInputs(workflow)["chunk_size"].Scalar("default"));
    }

    [Fact]
    public void Base_images_run_weekly_on_monday_at_two_and_manually()
    {
        var on = WorkflowFiles.Load(WorkflowContract.BaseImages).Map("on");
        var cron = ((YamlMappingNode)((YamlSequenceNode)on.Get("schedule")!).Children.Single()).Scalar("cron");
        Assert.Equal("0 2 * * 1", cron);
        Assert.NotNull(on.Get("workflow_dispatch"));
    }

    [Fact]
    public async Task GitHubs_own_workflow_parser_accepts_every_workflow()
    {
        var parser = Path.Combine(Environment.GetEnvironmentVariable("KMODFORGE_CACHE_DIR") ?? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache", "kmodforge"),
            "tools", "node_modules", "@actions", "workflow-parser");
        Assert.True(Directory.Exists(parser), $"@actions/workflow-parser is not installed at {parser}; run `bash .ci/install.sh`.");
        var start = new ProcessStartInfo("node") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(Path.Combine(RepoPaths.Root, "tests", "KmodForge.Tests", "GitHub", "validate-workflows.mjs"));
        start.ArgumentList.Add(parser);
        foreach (var file in WorkflowContract.Files)
        {
            start.ArgumentList.Add(Path.Combine(WorkflowFiles.Directory, file));
        }

        using var node = Process.Start(start)!;
        var output = node.StandardOutput.ReadToEndAsync();
        var errors = node.StandardError.ReadToEndAsync();
        await node.WaitForExitAsync();
        Assert.True(node.ExitCode == 0, await output + await errors);
        Assert.Equal(WorkflowContract.Files.Count, (await output).Split('\n').Count(l => l.StartsWith("ok ", StringComparison.Ordinal)));
    }

    private static IEnumerable<string> Options(YamlMappingNode input) =>
        ((YamlSequenceNode)input.Get("options")!).Children.Cast<YamlScalarNode>().Select(o => o.Value!);

    /// <summary>./build.sh --target=Task, then --setting="$VAR" or --setting=literal arguments.</summary>
    [GeneratedRegex(@"^\./build\.sh --target=(?<task>[A-Za-z]+)(?: --[a-z0-9_-]+=(?:""\$[A-Z_]+""|[A-Za-z0-9._-]+))*$")]
    private static partial Regex BuildShCall();

    [GeneratedRegex(@"\$\{\{\s*inputs\.([a-z_]+)\s*\}\}")]
    private static partial Regex InputExpression();

    [GeneratedRegex(@"matrix\.([a-z_]+)")]
    private static partial Regex MatrixKey();
}
