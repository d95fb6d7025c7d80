using KmodForge.Containers.Tooling;

namespace KmodForge.Containers.Commands;

/// <summary>Settings of <c>images</c>.</summary>
public sealed class ContainerImagesSettings : ContainerToolSettings;

public static class ContainerImagesCommand
{
    /// <summary><c>images --filter label=&lt;label&gt; --format {{.Repository}}:{{.Tag}}</c> (the same on docker and podman).</summary>
    public static CommandArguments Arguments(string label) =>
        new CommandArguments().Arg("images").Arg("--filter").Arg("label=" + ContainerInput.Name("images label", label))
            .Arg("--format").Arg("{{.Repository}}:{{.Tag}}");

    /// <summary>The tagged references, one a line; untagged images (<c>&lt;none&gt;</c>) are left out.</summary>
    public static IReadOnlyList<string> Parse(CommandResult result) =>
        [.. result.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Where(line => !line.Contains("<none>", StringComparison.Ordinal))
            .Select(ImageReferences.WithoutLocalhost)
            .Distinct(StringComparer.Ordinal)];
}
