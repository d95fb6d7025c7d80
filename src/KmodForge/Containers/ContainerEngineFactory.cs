using KmodForge.Containers.Tooling;
using KmodForge.Diagnostics;

namespace KmodForge.Containers;

/// <summary>Creates the container engine the settings choose.</summary>
public static class ContainerEngineFactory
{
    /// <summary>The engine is chosen from <paramref name="settings"/> (auto probes docker, then podman).</summary>
    public static CliContainerEngine Create(ContainerSettings settings, IBuildLog log, IProcessRunner? runner = null)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(log);
        var selection = ContainerEngineSelector.Select(settings.Engine, new PathContainerEngineProbe(runner), settings.ProbeTimeout);
        log.Verbose($"Container engine: {selection.Engine.Executable()} ({selection.Reason}).");
        return new CliContainerEngine(new ContainerCli(selection.Engine, runner), log, settings.CommandTimeout);
    }
}
