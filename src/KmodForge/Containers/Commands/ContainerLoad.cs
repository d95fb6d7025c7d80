using Cake.Core;
using Cake.Core.Annotations;
using Cake.Core.IO;
using KmodForge.Containers.Tooling;

namespace KmodForge.Containers.Commands;

/// <summary>Settings of <c>load</c>.</summary>
public sealed class ContainerLoadSettings : ContainerToolSettings;

public static partial class ContainerAliases
{
    /// <summary>Loads images from a tarball: <c>load --input TAR</c>; returns the names it loaded.</summary>
    [CakeMethodAlias]
    public static IReadOnlyList<string> ContainerLoad(this ICakeContext context, string tarPath, ContainerLoadSettings? settings = null)
    {
        settings ??= new ContainerLoadSettings();
        return ContainerLoadCommand.LoadedImages(ContainerAliasSupport.Cli(context, settings).Execute(settings, ContainerLoadCommand.Arguments(tarPath)));
    }
}

public static class ContainerLoadCommand
{
    public static ProcessArgumentBuilder Arguments(string tarPath) =>
        new ProcessArgumentBuilder().Arg("load").Arg("--input").Arg(ContainerInput.AbsolutePath("load --input", tarPath));

    /// <summary>Reads "Loaded image: X" (docker), "Loaded image(s): X,Y" (podman) and "Loaded image ID: sha256:..." lines.</summary>
    public static IReadOnlyList<string> LoadedImages(CommandResult result) =>
        result.OutputLines
            .Select(l => l.Trim())
            .Where(l => l.StartsWith("Loaded image", StringComparison.Ordinal))
            .SelectMany(l => l[(l.IndexOf(':', StringComparison.Ordinal) + 1)..].Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            .ToList();
}
