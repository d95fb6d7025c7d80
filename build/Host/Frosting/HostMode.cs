namespace Cake.Frosting;

/// <summary>What the host does with the targets (the precedence is DryRun, Tree, Description, Run; Help overrides all).</summary>
internal enum HostMode
{
    Run,
    DryRun,
    Tree,
    Description,
    Help,
}
