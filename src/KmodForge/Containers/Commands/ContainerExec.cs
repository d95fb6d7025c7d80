using KmodForge.Containers.Tooling;

namespace KmodForge.Containers.Commands;

/// <summary>Settings of <c>exec</c>.</summary>
public sealed class ContainerExecSettings : ContainerToolSettings
{
    /// <summary><c>--env K=V</c>, repeated.</summary>
    public IDictionary<string, string> Environment { get; set; } = new Dictionary<string, string>();

    /// <summary><c>--workdir</c> (absolute path inside the container).</summary>
    public string? WorkingDirectoryInContainer { get; set; }
}

/// <summary><c>exec [--workdir DIR] [--env K=V]... CONTAINER COMMAND...</c> (the same on Docker and Podman).</summary>
public static class ContainerExecCommand
{
    public static CommandArguments Arguments(ContainerExecSettings settings, string container, IReadOnlyList<string> command)
    {
        var args = new CommandArguments().Arg("exec");
        args.Option("--workdir", settings.WorkingDirectoryInContainer is null ? null : ContainerInput.AbsolutePath("exec --workdir", settings.WorkingDirectoryInContainer));
        args.Repeated("--env", settings.Environment.Select(kv => ContainerBuildCommand.Pair("exec --env", kv)));
        args.Arg(ContainerInput.Name("exec container", container));
        for (var i = 0; i < command.Count; i++)
        {
            args.Arg(ContainerInput.CommandArgument($"exec command[{i}]", command[i]));
        }

        return args;
    }
}

/// <summary>Settings of <c>network disconnect</c> and of the container inspect that lists a container's networks.</summary>
public sealed class ContainerNetworkSettings : ContainerToolSettings;

/// <summary>
/// <c>container inspect --format</c> for the names of the networks a container is on (Docker: <c>bridge</c>, Podman:
/// <c>podman</c>, or a user-defined network), and <c>network disconnect NETWORK CONTAINER</c>.
/// </summary>
public static class ContainerNetworkCommand
{
    public static CommandArguments Networks(string container) =>
        new CommandArguments().Arg("container").Arg("inspect").Arg("--format")
            .Arg("{{range $name, $_ := .NetworkSettings.Networks}}{{$name}}\n{{end}}")
            .Arg(ContainerInput.Name("inspect container", container));

    public static IReadOnlyList<string> ParseNetworks(string output) =>
        [.. output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)];

    public static CommandArguments Disconnect(string network, string container) =>
        new CommandArguments().Arg("network").Arg("disconnect")
            .Arg(ContainerInput.Name("network disconnect network", network))
            .Arg(ContainerInput.Name("network disconnect container", container));
}
