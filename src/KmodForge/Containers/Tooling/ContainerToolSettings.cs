using Cake.Core.Tooling;

namespace KmodForge.Containers.Tooling;

/// <summary>The settings every container command shares (Cake's tool settings plus the engine to use).</summary>
public class ContainerToolSettings : ToolSettings
{
    /// <summary>docker or podman; <see cref="ContainerEngineKind.Auto"/> (the default) resolves it from the settings/environment.</summary>
    public ContainerEngineKind Engine { get; set; } = ContainerEngineKind.Auto;
}
