namespace KmodForge.Containers;

/// <summary>The engine chosen and why (for the log).</summary>
public sealed record ContainerEngineSelection(ContainerEngineKind Engine, string Reason);
