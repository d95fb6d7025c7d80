using KmodForge.Containers.Tooling;

namespace KmodForge.Containers.Commands;

/// <summary>Settings of <c>run</c>.</summary>
public sealed class ContainerRunSettings : ContainerToolSettings
{
    /// <summary><c>--rm</c>: remove the container when it exits.</summary>
    public bool Remove { get; set; } = true;

    /// <summary><c>--detach</c>: start it and return (a session container, <see cref="IContainerSessions"/>).</summary>
    public bool Detach { get; set; }

    /// <summary><c>--name</c>; lets a cancelled run be removed by name.</summary>
    public string? Name { get; set; }

    /// <summary><c>--volume HOST:CONTAINER[:ro]</c>, repeated (absolute paths).</summary>
    public IList<Mount> Volumes { get; set; } = [];

    /// <summary><c>--env K=V</c>, repeated. Values appear on the command line: use <see cref="SecretEnvironment"/> for secrets.</summary>
    public IDictionary<string, string> Environment { get; set; } = new Dictionary<string, string>();

    /// <summary>
    /// Secrets passed as <c>--env K</c> (name only): the value travels in the engine process's environment, so it is
    /// never on a command line or in a log.
    /// </summary>
    public IDictionary<string, string> SecretEnvironment { get; set; } = new Dictionary<string, string>();

    /// <summary><c>--platform</c>.</summary>
    public string? Platform { get; set; }

    /// <summary><c>--workdir</c> (absolute path inside the container).</summary>
    public string? WorkingDirectoryInContainer { get; set; }

    /// <summary><c>--network</c>: none, host, bridge or a network name.</summary>
    public string? Network { get; set; }

    /// <summary><c>--label K=V</c>, repeated (the build id label, see <see cref="ContainerLabels"/>).</summary>
    public IDictionary<string, string> Labels { get; set; } = new Dictionary<string, string>();

    /// <summary><c>--user</c>: name, uid or uid:gid.</summary>
    public string? User { get; set; }
}

public static class ContainerRunCommand
{
    public static CommandArguments Arguments(ContainerRunSettings settings, string image, IReadOnlyList<string> command)
    {
        var args = new CommandArguments().Arg("run");
        args.Switch("--rm", settings.Remove);
        args.Switch("--detach", settings.Detach);
        args.Option("--name", settings.Name is null ? null : ContainerInput.Name("run --name", settings.Name));
        args.Repeated("--volume", settings.Volumes.Select(Volume));
        args.Repeated("--env", settings.Environment.Select(kv => ContainerBuildCommand.Pair("run --env", kv)));
        foreach (var (name, value) in settings.SecretEnvironment)
        {
            args.Arg("--env").Arg(ContainerInput.VariableName("run secret --env name", name));
            settings.EnvironmentVariables[name] = value;
        }

        args.Option("--platform", settings.Platform is null ? null : ContainerInput.Platform("run --platform", settings.Platform));
        args.Option("--workdir", settings.WorkingDirectoryInContainer is null ? null : ContainerInput.AbsolutePath("run --workdir", settings.WorkingDirectoryInContainer));
        args.Option("--network", settings.Network is null ? null : ContainerInput.Name("run --network", settings.Network));
        args.Option("--user", settings.User is null ? null : ContainerInput.User("run --user", settings.User));
        args.Repeated("--label", settings.Labels.Select(kv => ContainerBuildCommand.Pair("run --label", kv, labelKey: true)));
        args.Arg(ContainerInput.ImageReference("run image", image));
        for (var i = 0; i < command.Count; i++)
        {
            args.Arg(ContainerInput.CommandArgument($"run command[{i}]", command[i]));
        }

        return args;
    }

    private static string Volume(Mount mount)
    {
        var host = ContainerInput.ListablePath("run --volume host path", mount.HostPath);
        var container = ContainerInput.ListablePath("run --volume container path", mount.ContainerPath);
        return mount.ReadOnly ? $"{host}:{container}:ro" : $"{host}:{container}";
    }
}
