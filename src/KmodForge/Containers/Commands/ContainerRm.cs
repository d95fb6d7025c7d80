using KmodForge.Containers.Tooling;

namespace KmodForge.Containers.Commands;

/// <summary>Settings of <c>rm</c>.</summary>
public sealed class ContainerRmSettings : ContainerToolSettings
{
    /// <summary><c>--force</c>: stop it first if it runs.</summary>
    public bool Force { get; set; } = true;
}

public static class ContainerRmCommand
{
    public static CommandArguments Arguments(ContainerRmSettings settings, string name) =>
        new CommandArguments().Arg("rm").Switch("--force", settings.Force).Arg(ContainerInput.Name("rm container", name));
}
