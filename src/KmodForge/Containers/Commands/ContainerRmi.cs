using KmodForge.Containers.Tooling;

namespace KmodForge.Containers.Commands;

/// <summary>Settings of <c>rmi</c>.</summary>
public sealed class ContainerRmiSettings : ContainerToolSettings
{
    /// <summary><c>--force</c>: also remove images used by stopped containers.</summary>
    public bool Force { get; set; }
}

public static class ContainerRmiCommand
{
    public static CommandArguments Arguments(ContainerRmiSettings settings, IReadOnlyList<string> images)
    {
        if (images.Count == 0)
        {
            throw new ArgumentException("rmi needs at least one image.", nameof(images));
        }

        var args = new CommandArguments().Arg("rmi").Switch("--force", settings.Force);
        foreach (var image in images)
        {
            args.Arg(ContainerInput.ImageReference("rmi image", image));
        }

        return args;
    }
}
