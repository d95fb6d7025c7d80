using KmodForge.TestSupport.GitHub;
using KmodForge.Tests.Support;

namespace KmodForge.Tests.Actions;

/// <summary>Every workflow file of this repository, whatever is there today, goes through the runner's parser and validation.</summary>
public sealed class RealWorkflowFilesTests
{
    public static TheoryData<string> Files()
    {
        var data = new TheoryData<string>();
        foreach (var file in Directory.GetFiles(Path.Combine(RepoPaths.Root, ".github", "workflows"), "*.yml").Order(StringComparer.Ordinal))
        {
            data.Add(Path.GetFileName(file));
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Files))]
    public async Task The_runner_accepts_the_workflow_and_renders_its_run_name_for_sample_inputs(string file)
    {
        await using var server = await LocalGitHubServer.StartAsync();
        RepositorySnapshot.Seed(server.State, RepoPaths.Root, server.DefaultBranch);
        using var temp = new TempDirectory("kmodforge-real-workflows");
        // No run may start: the test is about parsing and validation only.
        await using var runner = await LocalActionsRunner.AttachAsync(server, new LocalActionsRunnerOptions { WorkDirectory = temp.Path, MaxConcurrentRuns = 0 });
        var yaml = File.ReadAllText(Path.Combine(RepoPaths.Root, ".github", "workflows", file));

        var run = await StartAsync(server, runner, file, yaml);

        Assert.Equal("queued", run.Status);
        Assert.DoesNotContain("${{", run.DisplayTitle, StringComparison.Ordinal);
        Assert.NotEmpty(run.DisplayTitle);
        foreach (var value in run.Inputs.Values.Where(v => v.StartsWith("sample-", StringComparison.Ordinal)))
        {
            if (RunNameMentions(yaml, value["sample-".Length..]))
            {
                Assert.Contains(value, run.DisplayTitle, StringComparison.Ordinal);
            }
        }
    }

    private static bool RunNameMentions(string yaml, string input) =>
        yaml.Split('\n').FirstOrDefault(l => l.StartsWith("run-name:", StringComparison.Ordinal)) is { } line && line.Contains("inputs." + input, StringComparison.Ordinal);

    private static async Task<ActionsRun> StartAsync(LocalGitHubServer server, LocalActionsRunner runner, string file, string yaml)
    {
        if (!yaml.Contains("workflow_dispatch", StringComparison.Ordinal))
        {
            return await runner.StartScheduledAsync(file);
        }

        var inputs = SampleInputs(yaml);
        var sha = server.State.ResolveRef("heads/" + server.DefaultBranch)!;
        var answer = await ((IWorkflowRunHost)runner).DispatchAsync(file, "refs/heads/" + server.DefaultBranch, sha, inputs);
        Assert.True(answer.Status == 204, $"{file}: {answer.Status} {answer.Message}");
        return runner.Runs.Single();
    }

    /// <summary>A value for every declared input: a choice's first option, true for booleans, 1 for numbers, "sample-&lt;name&gt;" else.</summary>
    private static Dictionary<string, string> SampleInputs(string yaml)
    {
        var stream = new YamlDotNet.RepresentationModel.YamlStream();
        stream.Load(new StringReader(yaml));
        var root = (YamlDotNet.RepresentationModel.YamlMappingNode)stream.Documents[0].RootNode;
        var on = root.Children[new YamlDotNet.RepresentationModel.YamlScalarNode("on")];
        var inputs = new Dictionary<string, string>(StringComparer.Ordinal);
        if (on is YamlDotNet.RepresentationModel.YamlMappingNode events
            && events.Children.TryGetValue(new YamlDotNet.RepresentationModel.YamlScalarNode("workflow_dispatch"), out var dispatch)
            && dispatch is YamlDotNet.RepresentationModel.YamlMappingNode d
            && d.Children.TryGetValue(new YamlDotNet.RepresentationModel.YamlScalarNode("inputs"), out var declared)
            && declared is YamlDotNet.RepresentationModel.YamlMappingNode list)
        {
            foreach (var (key, value) in list.Children)
            {
                var name = ((YamlDotNet.RepresentationModel.YamlScalarNode)key).Value!;
                var spec = (YamlDotNet.RepresentationModel.YamlMappingNode)value;
                var type = spec.Children.TryGetValue(new YamlDotNet.RepresentationModel.YamlScalarNode("type"), out var t) ? ((YamlDotNet.RepresentationModel.YamlScalarNode)t).Value : "string";
                inputs[name] = type switch
                {
                    "choice" => ((YamlDotNet.RepresentationModel.YamlScalarNode)((YamlDotNet.RepresentationModel.YamlSequenceNode)spec.Children[new YamlDotNet.RepresentationModel.YamlScalarNode("options")]).Children[0]).Value!,
                    "boolean" => "true",
                    "number" => "1",
                    _ => "sample-" + name,
                };
            }
        }

        return inputs;
    }
}
