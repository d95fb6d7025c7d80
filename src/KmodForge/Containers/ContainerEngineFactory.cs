using Cake.Core;
using KmodForge.Containers.Commands;
using KmodForge.Containers.Tooling;
using KmodForge.Diagnostics;

namespace KmodForge.Containers;

/// <summary>Creates the container engine, with or without a Cake host.</summary>
public static class ContainerEngineFactory
{
    /// <summary>
    /// Without a Cake host (build service, benchmarks): Cake.Core's real file system, environment, tool locator and
    /// process runner; the engine is chosen from <paramref name="settings"/> (auto probes docker, then podman).
    /// </summary>
    public static CliContainerEngine Create(ContainerSettings settings, IBuildLog log) =>
        Create(settings, log, new StandaloneCakeTools(log));

    /// <summary>As <see cref="Create(ContainerSettings, IBuildLog)"/>, reusing existing standalone Cake services.</summary>
    public static CliContainerEngine Create(ContainerSettings settings, IBuildLog log, StandaloneCakeTools tools)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(log);
        ArgumentNullException.ThrowIfNull(tools);
        var selection = ContainerEngineSelector.Select(settings.Engine, new CakeContainerEngineProbe(tools.Tools, tools.ProcessRunner), settings.ProbeTimeout);
        log.Verbose($"Container engine: {selection.Engine.Executable()} ({selection.Reason}).");
        var cli = new ContainerCli(tools.FileSystem, tools.Environment, tools.ProcessRunner, tools.Tools, selection.Engine);
        return new CliContainerEngine(cli, log, settings.CommandTimeout);
    }

    /// <summary>From a Cake task: the context's services, settings from <c>--container-engine</c> or the environment.</summary>
    public static CliContainerEngine Create(ICakeContext context, IBuildLog log)
    {
        ArgumentNullException.ThrowIfNull(context);
        var settings = ContainerAliasSupport.Settings(context);
        var selection = ContainerAliasSupport.Select(context);
        log.Verbose($"Container engine: {selection.Engine.Executable()} ({selection.Reason}).");
        var cli = new ContainerCli(context.FileSystem, context.Environment, context.ProcessRunner, context.Tools, selection.Engine);
        return new CliContainerEngine(cli, log, settings.CommandTimeout);
    }
}
