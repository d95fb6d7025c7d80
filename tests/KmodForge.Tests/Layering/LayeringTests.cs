namespace KmodForge.Tests.Layering;

/// <summary>The layering of docs/architecture.md, checked over the compiled assemblies (signatures and method bodies).</summary>
public sealed class LayeringTests
{
    private static readonly NamespaceGraph Graph = NamespaceGraph.Read();

    [Fact]
    public void Every_arrow_points_down_the_layers_or_is_an_allowed_sideways_arrow()
    {
        var violations = Graph.Violations().ToList();

        Assert.True(violations.Count == 0, "Arrows that break the layering:" + Environment.NewLine + string.Join(Environment.NewLine, violations));
    }

    [Fact]
    public void No_namespaces_depend_on_each_other_in_a_cycle()
    {
        var cycles = Graph.Cycles().Select(c => string.Join(" ↔ ", c)).ToList();

        Assert.True(cycles.Count == 0, "Cycles:" + Environment.NewLine + string.Join(Environment.NewLine, cycles));
    }

    [Fact]
    public void The_reading_sees_the_arrows_that_are_known_to_exist()
    {
        Assert.Contains(("Pipeline", "Headers"), Graph.Arrows.Keys);
        Assert.Contains(("Headers", "Targets"), Graph.Arrows.Keys);
        Assert.Contains(("Service", "Pipeline"), Graph.Arrows.Keys);
        Assert.Contains(("Build", "Matrix"), Graph.Arrows.Keys);
    }

    [Fact]
    public void An_upward_arrow_is_reported_with_an_example()
    {
        var graph = NamespaceGraph.Read([typeof(UpwardArrowSample)], t => t == typeof(UpwardArrowSample) ? "Targets" : Layers.UnitOf(t));

        Assert.Contains(graph.Violations(), v => v.StartsWith("Targets (layer 2) → Pipeline (layer 6) points up", StringComparison.Ordinal));
    }

    [Fact]
    public void The_library_references_no_Cake_assembly()
    {
        var references = Layers.Assemblies[0].GetReferencedAssemblies().Select(a => a.Name!).ToList();

        Assert.DoesNotContain(references, r => r.StartsWith("Cake", StringComparison.Ordinal));
        Assert.Contains("AWSSDK.S3", references);
    }
}
