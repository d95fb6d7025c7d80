using Cake.Core;
using Cake.Core.Annotations;
using Cake.Core.IO;
using KmodForge.Containers.Tooling;

namespace KmodForge.Containers.Commands;

/// <summary>Settings of <c>save</c>.</summary>
public sealed class ContainerSaveSettings : ContainerToolSettings;

public static partial class ContainerAliases
{
    /// <summary>Writes an image to a docker-archive tarball: <c>save --output TAR IMAGE</c>.</summary>
    [CakeMethodAlias]
    public static void ContainerSave(this ICakeContext context, string image, string tarPath, ContainerSaveSettings? settings = null)
    {
        settings ??= new ContainerSaveSettings();
        ContainerAliasSupport.Cli(context, settings).Execute(settings, ContainerSaveCommand.Arguments(image, tarPath));
    }
}

public static class ContainerSaveCommand
{
    public static ProcessArgumentBuilder Arguments(string image, string tarPath) =>
        new ProcessArgumentBuilder().Arg("save")
            .Arg("--output").Arg(ContainerInput.AbsolutePath("save --output", tarPath))
            .Arg(ContainerInput.ImageReference("save image", image));
}
