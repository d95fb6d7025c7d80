using KmodForge.Errors;

namespace KmodForge.Containers;

/// <summary>
/// Chooses docker or podman. An explicit choice must be installed. <c>auto</c> takes docker when a Docker daemon
/// answers (GitHub's runners, or a Docker CLI pointed at Podman's socket through DOCKER_HOST), else podman when it is
/// installed, else fails saying what was tried and how to install an engine.
/// </summary>
public static class ContainerEngineSelector
{
    public const string InstallHint =
        "Install Podman (Debian/Ubuntu: `apt-get install podman`; Fedora: `dnf install podman`) or Docker " +
        "(https://docs.docker.com/engine/install/) and start its daemon, or set --container-engine / KMODFORGE_CONTAINER_ENGINE.";

    public static ContainerEngineSelection Select(ContainerEngineKind requested, IContainerEngineProbe probe, TimeSpan probeTimeout)
    {
        ArgumentNullException.ThrowIfNull(probe);
        switch (requested)
        {
            case ContainerEngineKind.Docker:
            case ContainerEngineKind.Podman:
                var executable = requested.Executable();
                return probe.IsInstalled(executable)
                    ? new ContainerEngineSelection(requested, $"container-engine is set to {executable}")
                    : throw new ContainerEngineUnavailableException(
                        $"The container engine is set to '{executable}' (--container-engine / KMODFORGE_CONTAINER_ENGINE) but `{executable}` is not on PATH. " + InstallHint);
        }

        var tried = new List<string>();
        if (!probe.IsInstalled("docker"))
        {
            tried.Add("`docker` is not on PATH");
        }
        else if (probe.DockerDaemonAnswers(probeTimeout))
        {
            return new ContainerEngineSelection(ContainerEngineKind.Docker, "a Docker daemon answered `docker version`");
        }
        else
        {
            tried.Add($"no Docker daemon answered `docker version` within {probeTimeout.TotalSeconds:0.#} s");
        }

        if (probe.IsInstalled("podman"))
        {
            return new ContainerEngineSelection(ContainerEngineKind.Podman, string.Join("; ", tried) + "; using podman");
        }

        tried.Add("`podman` is not on PATH");
        throw new ContainerEngineUnavailableException(
            "No container engine is available (" + string.Join("; ", tried) + "). " + InstallHint);
    }
}

/// <summary>Neither Docker nor Podman can be used; the message says what was tried and how to install one.</summary>
public sealed class ContainerEngineUnavailableException(string message) : KmodForgeException(message);
