using KmodForge.Containers.Tooling;

namespace KmodForge.Containers.Commands;

/// <summary>Settings of <c>save</c>.</summary>
public sealed class ContainerSaveSettings : ContainerToolSettings;

public static class ContainerSaveCommand
{
    public static CommandArguments Arguments(string image, string tarPath) =>
        new CommandArguments().Arg("save")
            .Arg("--output").Arg(ContainerInput.AbsolutePath("save --output", tarPath))
            .Arg(ContainerInput.ImageReference("save image", image));
}
