using KmodForge.Containers.Tooling;

namespace KmodForge.Containers.Commands;

/// <summary>Settings of <c>push</c>.</summary>
public sealed class ContainerPushSettings : ContainerToolSettings;

public static class ContainerPushCommand
{
    public static CommandArguments Arguments(string image) =>
        new CommandArguments().Arg("push").Arg(ContainerInput.ImageReference("push image", image));
}
