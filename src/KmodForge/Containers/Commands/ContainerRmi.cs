using Cake.Core;
using Cake.Core.Annotations;
using Cake.Core.IO;
using KmodForge.Containers.Tooling;

namespace KmodForge.Containers.Commands;

/// <summary>Settings of <c>rmi</c>.</summary>
public sealed class ContainerRmiSettings : ContainerToolSettings
{
    /// <summary><c>--force</c>: also remove images used by stopped containers.</summary>
    public bool Force { get; set; }
}

public static partial class ContainerAliases
{
    /// <summary>Removes images: <c>rmi [--force] IMAGE...</c>.</summary>
    [CakeMethodAlias]
    public static void ContainerRmi(this ICakeContext context, ContainerRmiSettings settings, params string[] images) =>
        ContainerAliasSupport.Cli(context, settings).Execute(settings, ContainerRmiCommand.Arguments(settings, images));
}

public static class ContainerRmiCommand
{
    public static ProcessArgumentBuilder Arguments(ContainerRmiSettings settings, IReadOnlyList<string> images)
    {
        if (images.Count == 0)
        {
            throw new ArgumentException("rmi needs at least one image.", nameof(images));
        }

        var args = new ProcessArgumentBuilder().Arg("rmi").Switch("--force", settings.Force);
        foreach (var image in images)
        {
            args.Arg(ContainerInput.ImageReference("rmi image", image));
        }

        return args;
    }
}
