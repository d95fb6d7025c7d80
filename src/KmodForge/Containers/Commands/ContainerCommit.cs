using KmodForge.Containers.Tooling;

namespace KmodForge.Containers.Commands;

/// <summary>Settings of <c>commit</c>.</summary>
public sealed class ContainerCommitSettings : ContainerToolSettings
{
    /// <summary><c>--change LABEL key="value"</c>, one per label (docker and podman both take Dockerfile instructions).</summary>
    public IDictionary<string, string> Labels { get; set; } = new Dictionary<string, string>();

    /// <summary><c>--change CMD [...]</c>: the committed image's command (otherwise it is the container's own command).</summary>
    public IList<string> Command { get; set; } = [];
}

public static class ContainerCommitCommand
{
    public static CommandArguments Arguments(ContainerCommitSettings settings, string container, string image)
    {
        var args = new CommandArguments().Arg("commit");
        args.Repeated("--change", settings.Labels.Select(kv => $"LABEL {ContainerInput.Name("commit label key", kv.Key)}={Quoted($"commit label {kv.Key}", kv.Value)}"));
        if (settings.Command.Count > 0)
        {
            args.Arg("--change").Arg("CMD [" + string.Join(",", settings.Command.Select((c, i) => Quoted($"commit CMD[{i}]", c))) + "]");
        }

        return args.Arg(ContainerInput.Name("commit container", container)).Arg(ContainerInput.ImageReference("commit image", image));
    }

    /// <summary>A JSON/Dockerfile double-quoted string; values with quotes or backslashes are refused (labels never need them).</summary>
    private static string Quoted(string field, string value) =>
        ContainerInput.VariableValue(field, value).IndexOfAny(['"', '\\']) < 0
            ? $"\"{value}\""
            : throw new ContainerInputException(new Errors.FieldError(field, value, "cannot contain '\"' or '\\' (it is written into a Dockerfile instruction)"));
}
