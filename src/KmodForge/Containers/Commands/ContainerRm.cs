using Cake.Core;
using Cake.Core.Annotations;
using Cake.Core.IO;
using KmodForge.Containers.Tooling;

namespace KmodForge.Containers.Commands;

/// <summary>Settings of <c>rm</c>.</summary>
public sealed class ContainerRmSettings : ContainerToolSettings
{
    /// <summary><c>--force</c>: stop it first if it runs.</summary>
    public bool Force { get; set; } = true;
}

public static partial class ContainerAliases
{
    /// <summary>Removes a container by name: <c>rm [--force] NAME</c> (used to clean up a cancelled run).</summary>
    [CakeMethodAlias]
    public static void ContainerRm(this ICakeContext context, string name, ContainerRmSettings? settings = null)
    {
        settings ??= new ContainerRmSettings();
        ContainerAliasSupport.Cli(context, settings).Execute(settings, ContainerRmCommand.Arguments(settings, name));
    }
}

public static class ContainerRmCommand
{
    public static ProcessArgumentBuilder Arguments(ContainerRmSettings settings, string name) =>
        new ProcessArgumentBuilder().Arg("rm").Switch("--force", settings.Force).Arg(ContainerInput.Name("rm container", name));
}
