using KmodForge.Containers.Tooling;

namespace KmodForge.Containers.Commands;

/// <summary>Settings of <c>ps</c> and <c>inspect</c> (no options).</summary>
public sealed class ContainerPsSettings : ContainerToolSettings;

/// <summary><c>ps --all --quiet --no-trunc --filter label=KEY</c>, then <c>inspect</c> for each id's label value (the same on Docker and Podman).</summary>
public static class ContainerPsCommand
{
    public static CommandArguments Arguments(string labelKey) =>
        new CommandArguments().Arg("ps").Arg("--all").Arg("--quiet").Arg("--no-trunc").Arg("--filter").Arg("label=" + ContainerInput.Name("ps --filter label", labelKey));

    public static CommandArguments Inspect(IEnumerable<string> ids, string labelKey)
    {
        var args = new CommandArguments().Arg("container").Arg("inspect").Arg("--format")
            .Arg($"{{{{.Id}}}} {{{{index .Config.Labels \"{ContainerInput.Name("inspect label", labelKey)}\"}}}}");
        foreach (var id in ids)
        {
            args.Arg(ContainerInput.Name("inspect container", id));
        }

        return args;
    }

    /// <summary>Parses inspect's lines <c>ID VALUE</c>; lines without a value are skipped.</summary>
    public static IReadOnlyList<BuildContainer> Parse(string output) =>
        [.. output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(l => l.Split(' ', 2, StringSplitOptions.TrimEntries))
            .Where(p => p.Length == 2 && p[1].Length > 0 && p[1] != "<no value>")
            .Select(p => new BuildContainer(p[0], p[1]))];
}
