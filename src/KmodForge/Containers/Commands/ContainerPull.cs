using KmodForge.Containers.Tooling;

namespace KmodForge.Containers.Commands;

/// <summary>Settings of <c>pull</c>.</summary>
public sealed class ContainerPullSettings : ContainerToolSettings
{
    /// <summary><c>--platform</c>: which architecture's image to pull.</summary>
    public string? Platform { get; set; }
}

public static class ContainerPullCommand
{
    public static CommandArguments Arguments(ContainerPullSettings settings, string image) =>
        new CommandArguments().Arg("pull")
            .Option("--platform", settings.Platform is null ? null : ContainerInput.Platform("pull --platform", settings.Platform))
            .Arg(ContainerInput.ImageReference("pull image", image));
}
