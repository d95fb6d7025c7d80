using KmodForge.Configuration;

namespace KmodForge.Containers;

/// <summary>How the container engine is chosen and how long its commands may take.</summary>
public sealed class ContainerSettings
{
    [Setting("container-engine", "docker, podman or auto (docker when a Docker daemon answers, else podman when installed)")]
    public ContainerEngineKind Engine { get; init; } = ContainerEngineKind.Auto;

    [Setting("container-probe-timeout", "Seconds to wait for `docker version` when choosing the engine automatically")]
    public TimeSpan ProbeTimeout { get; init; } = TimeSpan.FromSeconds(5);

    [Setting("container-command-timeout", "Seconds a single container command (build, save, ...) may take; 0 for no limit")]
    public TimeSpan CommandTimeout { get; init; } = TimeSpan.FromHours(1);

    /// <summary>Settings from the process environment only (<c>KMODFORGE_CONTAINER_ENGINE</c>, ...).</summary>
    public static ContainerSettings FromEnvironment() =>
        SettingsBinder.Bind<ContainerSettings>(_ => null, Environment.GetEnvironmentVariable);
}
