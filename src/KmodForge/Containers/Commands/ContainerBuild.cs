using KmodForge.Containers.Tooling;

namespace KmodForge.Containers.Commands;

/// <summary>Settings of <c>build</c>.</summary>
public sealed class ContainerBuildSettings : ContainerToolSettings
{
    /// <summary><c>--file</c>: the Dockerfile (absolute path).</summary>
    public string? File { get; set; }

    /// <summary><c>--tag</c>, repeated.</summary>
    public IList<string> Tags { get; set; } = [];

    /// <summary><c>--build-arg K=V</c>, repeated, in order.</summary>
    public IDictionary<string, string> BuildArgs { get; set; } = new Dictionary<string, string>();

    /// <summary><c>--platform</c>: linux/amd64, linux/arm64.</summary>
    public string? Platform { get; set; }

    /// <summary><c>--secret id=ID,src=PATH</c>, repeated: id → absolute file path; the file never lands in a layer.</summary>
    public IDictionary<string, string> Secrets { get; set; } = new Dictionary<string, string>();

    /// <summary><c>--pull</c>: always try to pull a newer FROM image.</summary>
    public bool Pull { get; set; }

    /// <summary><c>--no-cache</c>.</summary>
    public bool NoCache { get; set; }

    /// <summary><c>--network</c> for RUN steps.</summary>
    public string? Network { get; set; }

    /// <summary><c>--label K=V</c>, repeated.</summary>
    public IDictionary<string, string> Labels { get; set; } = new Dictionary<string, string>();
}

public static class ContainerBuildCommand
{
    public static CommandArguments Arguments(ContainerBuildSettings settings, string contextDirectory)
    {
        var args = new CommandArguments().Arg("build");
        args.Option("--file", settings.File is null ? null : ContainerInput.AbsolutePath("build --file", settings.File));
        args.Repeated("--tag", settings.Tags.Select(t => ContainerInput.ImageReference("build --tag", t)));
        args.Repeated("--build-arg", settings.BuildArgs.Select(kv => Pair("build --build-arg", kv)));
        args.Option("--platform", settings.Platform is null ? null : ContainerInput.Platform("build --platform", settings.Platform));
        args.Repeated("--secret", settings.Secrets.Select(kv =>
            $"id={ContainerInput.Name("build --secret id", kv.Key)},src={ContainerInput.ListablePath("build --secret src", kv.Value)}"));
        args.Switch("--pull", settings.Pull);
        args.Switch("--no-cache", settings.NoCache);
        args.Option("--network", settings.Network is null ? null : ContainerInput.Name("build --network", settings.Network));
        args.Repeated("--label", settings.Labels.Select(kv => Pair("build --label", kv, labelKey: true)));
        return args.Arg(ContainerInput.AbsolutePath("build context", contextDirectory));
    }

    internal static string Pair(string field, KeyValuePair<string, string> kv, bool labelKey = false)
    {
        var key = labelKey ? ContainerInput.Name(field + " key", kv.Key) : ContainerInput.VariableName(field + " name", kv.Key);
        return $"{key}={ContainerInput.VariableValue($"{field} {kv.Key}", kv.Value)}";
    }
}
