using Cake.Core;
using Cake.Core.Annotations;
using Cake.Core.IO;
using KmodForge.Containers.Tooling;

namespace KmodForge.Containers.Commands;

/// <summary>Settings of <c>push</c>.</summary>
public sealed class ContainerPushSettings : ContainerToolSettings;

public static partial class ContainerAliases
{
    /// <summary>Pushes an image to its registry: <c>push IMAGE</c> (credentials come from the engine's login).</summary>
    [CakeMethodAlias]
    public static void ContainerPush(this ICakeContext context, string image, ContainerPushSettings? settings = null)
    {
        settings ??= new ContainerPushSettings();
        ContainerAliasSupport.Cli(context, settings).Execute(settings, ContainerPushCommand.Arguments(image));
    }
}

public static class ContainerPushCommand
{
    public static ProcessArgumentBuilder Arguments(string image) =>
        new ProcessArgumentBuilder().Arg("push").Arg(ContainerInput.ImageReference("push image", image));
}
