namespace KmodForge.Containers;

/// <summary>Which docker-compatible CLI runs container commands.</summary>
public enum ContainerEngineKind
{
    /// <summary><c>docker</c> when a Docker daemon answers, else <c>podman</c> when it is on PATH.</summary>
    Auto,
    Docker,
    Podman,
}

public static class ContainerEngineKindNames
{
    /// <summary>The executable (and <see cref="IContainerEngine.Name"/>): <c>docker</c> or <c>podman</c>.</summary>
    public static string Executable(this ContainerEngineKind kind) => kind switch
    {
        ContainerEngineKind.Docker => "docker",
        ContainerEngineKind.Podman => "podman",
        _ => throw new InvalidOperationException("The container engine has not been resolved yet (auto)."),
    };
}
