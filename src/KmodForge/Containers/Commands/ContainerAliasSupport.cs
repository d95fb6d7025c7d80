using System.Collections.Concurrent;
using Cake.Core;
using KmodForge.Configuration;
using KmodForge.Containers.Tooling;

namespace KmodForge.Containers.Commands;

/// <summary>Turns a Cake context into the container CLI the aliases run (resolving docker/podman once per process).</summary>
public static class ContainerAliasSupport
{
    private static readonly ConcurrentDictionary<ContainerEngineKind, ContainerEngineSelection> Selected = new();

    public static ContainerCli Cli(ICakeContext context, ContainerToolSettings settings)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(settings);
        var engine = settings.Engine != ContainerEngineKind.Auto ? settings.Engine : Select(context).Engine;
        return new ContainerCli(context.FileSystem, context.Environment, context.ProcessRunner, context.Tools, engine);
    }

    /// <summary>The engine the context's settings (<c>--container-engine</c> / <c>KMODFORGE_CONTAINER_ENGINE</c>) choose.</summary>
    public static ContainerEngineSelection Select(ICakeContext context)
    {
        var settings = Settings(context);
        return Selected.GetOrAdd(settings.Engine, kind =>
            ContainerEngineSelector.Select(kind, new CakeContainerEngineProbe(context.Tools, context.ProcessRunner), settings.ProbeTimeout));
    }

    /// <summary>Binds <see cref="ContainerSettings"/> from the Cake arguments and the environment.</summary>
    public static ContainerSettings Settings(ICakeContext context) =>
        SettingsBinder.Bind<ContainerSettings>(
            name => context.Arguments.HasArgument(name) ? context.Arguments.GetArguments(name).LastOrDefault() : null,
            context.Environment.GetEnvironmentVariable);
}
