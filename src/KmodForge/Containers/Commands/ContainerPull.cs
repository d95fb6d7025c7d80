using Cake.Core;
using Cake.Core.Annotations;
using Cake.Core.IO;
using KmodForge.Containers.Tooling;

namespace KmodForge.Containers.Commands;

/// <summary>Settings of <c>pull</c>.</summary>
public sealed class ContainerPullSettings : ContainerToolSettings
{
    /// <summary><c>--platform</c>: which architecture's image to pull.</summary>
    public string? Platform { get; set; }
}

public static partial class ContainerAliases
{
    /// <summary>Pulls an image: <c>pull [--platform P] IMAGE</c>.</summary>
    [CakeMethodAlias]
    public static void ContainerPull(this ICakeContext context, string image, ContainerPullSettings? settings = null)
    {
        settings ??= new ContainerPullSettings();
        ContainerAliasSupport.Cli(context, settings).Execute(settings, ContainerPullCommand.Arguments(settings, image));
    }
}

public static class ContainerPullCommand
{
    public static ProcessArgumentBuilder Arguments(ContainerPullSettings settings, string image) =>
        new ProcessArgumentBuilder().Arg("pull")
            .Option("--platform", settings.Platform is null ? null : ContainerInput.Platform("pull --platform", settings.Platform))
            .Arg(ContainerInput.ImageReference("pull image", image));
}
