using Cake.Core;
using Cake.Core.Annotations;
using Cake.Core.IO;
using KmodForge.Containers.Tooling;

namespace KmodForge.Containers.Commands;

/// <summary>Settings of <c>tag</c>.</summary>
public sealed class ContainerTagSettings : ContainerToolSettings;

public static partial class ContainerAliases
{
    /// <summary>Adds a name to an image: <c>tag SOURCE TARGET</c>.</summary>
    [CakeMethodAlias]
    public static void ContainerTag(this ICakeContext context, string source, string target, ContainerTagSettings? settings = null)
    {
        settings ??= new ContainerTagSettings();
        ContainerAliasSupport.Cli(context, settings).Execute(settings, ContainerTagCommand.Arguments(source, target));
    }
}

public static class ContainerTagCommand
{
    public static ProcessArgumentBuilder Arguments(string source, string target) =>
        new ProcessArgumentBuilder().Arg("tag")
            .Arg(ContainerInput.ImageReference("tag source", source))
            .Arg(ContainerInput.ImageReference("tag target", target));
}
