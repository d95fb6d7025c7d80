using KmodForge.Containers.Tooling;

namespace KmodForge.Containers.Commands;

/// <summary>Settings of <c>load</c>.</summary>
public sealed class ContainerLoadSettings : ContainerToolSettings;

public static class ContainerLoadCommand
{
    public static CommandArguments Arguments(string tarPath) =>
        new CommandArguments().Arg("load").Arg("--input").Arg(ContainerInput.AbsolutePath("load --input", tarPath));

    /// <summary>Reads "Loaded image: X" (docker), "Loaded image(s): X,Y" (podman) and "Loaded image ID: sha256:..." lines.</summary>
    public static IReadOnlyList<string> LoadedImages(CommandResult result) =>
        result.OutputLines
            .Select(l => l.Trim())
            .Where(l => l.StartsWith("Loaded image", StringComparison.Ordinal))
            .SelectMany(l => l[(l.IndexOf(':', StringComparison.Ordinal) + 1)..].Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            .ToList();
}
