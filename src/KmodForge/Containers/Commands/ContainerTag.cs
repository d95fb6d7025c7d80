using KmodForge.Containers.Tooling;

namespace KmodForge.Containers.Commands;

/// <summary>Settings of <c>tag</c>.</summary>
public sealed class ContainerTagSettings : ContainerToolSettings;

public static class ContainerTagCommand
{
    public static CommandArguments Arguments(string source, string target) =>
        new CommandArguments().Arg("tag")
            .Arg(ContainerInput.ImageReference("tag source", source))
            .Arg(ContainerInput.ImageReference("tag target", target));
}
