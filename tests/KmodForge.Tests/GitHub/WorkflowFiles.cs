using KmodForge.Tests.Kernels;
using YamlDotNet.RepresentationModel;

namespace KmodForge.Tests.GitHub;

/// <summary>The workflow files of <c>.github/workflows/</c>, parsed with YamlDotNet, with helpers to walk them.</summary>
internal static class WorkflowFiles
{
    public static string Directory => Path.Combine(RepoPaths.Root, ".github", "workflows");

    public static YamlMappingNode Load(string file)
    {
        var yaml = new YamlStream();
        using var reader = new StreamReader(Path.Combine(Directory, file));
        yaml.Load(reader);
        return (YamlMappingNode)yaml.Documents.Single().RootNode;
    }

    public static YamlNode? Get(this YamlMappingNode node, string key) =>
        node.Children.TryGetValue(new YamlScalarNode(key), out var value) ? value : null;

    public static YamlMappingNode Map(this YamlMappingNode node, string key) =>
        node.Get(key) as YamlMappingNode ?? throw new Xunit.Sdk.XunitException($"'{key}' is missing or not a mapping");

    public static string? Scalar(this YamlMappingNode node, string key) => (node.Get(key) as YamlScalarNode)?.Value;

    public static IEnumerable<string> Keys(this YamlMappingNode node) => node.Children.Keys.Cast<YamlScalarNode>().Select(k => k.Value!);

    /// <summary>The workflow_dispatch inputs (name → definition); empty when the workflow has none.</summary>
    public static IReadOnlyDictionary<string, YamlMappingNode> DispatchInputs(YamlMappingNode workflow)
    {
        var on = workflow.Map("on");
        return on.Get("workflow_dispatch") is YamlMappingNode dispatch && dispatch.Get("inputs") is YamlMappingNode inputs
            ? inputs.Children.ToDictionary(p => ((YamlScalarNode)p.Key).Value!, p => (YamlMappingNode)p.Value)
            : new Dictionary<string, YamlMappingNode>();
    }

    public static IEnumerable<(string Job, YamlMappingNode Definition)> Jobs(YamlMappingNode workflow) =>
        workflow.Map("jobs").Children.Select(p => (((YamlScalarNode)p.Key).Value!, (YamlMappingNode)p.Value));

    public static IEnumerable<YamlMappingNode> Steps(YamlMappingNode job) =>
        ((YamlSequenceNode)job.Get("steps")!).Children.Cast<YamlMappingNode>();

    /// <summary>Every scalar in the file, for expression checks.</summary>
    public static IEnumerable<string> Scalars(YamlNode node) => node switch
    {
        YamlScalarNode s => [s.Value ?? string.Empty],
        YamlMappingNode m => m.Children.SelectMany(p => Scalars(p.Key).Concat(Scalars(p.Value))),
        YamlSequenceNode q => q.Children.SelectMany(Scalars),
        _ => [],
    };
}
