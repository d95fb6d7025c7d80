namespace KmodForge.Containers.Tooling;

/// <summary>The settings every container command shares: the engine, a time limit and extra environment.</summary>
public class ContainerToolSettings : CommandSettings
{
    /// <summary>docker or podman; <see cref="ContainerEngineKind.Auto"/> (the default) resolves it from the settings/environment.</summary>
    public ContainerEngineKind Engine { get; set; } = ContainerEngineKind.Auto;
}
