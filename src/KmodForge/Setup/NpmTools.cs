using System.Text.Json;
using KmodForge.Containers.Tooling;
using KmodForge.Diagnostics;

namespace KmodForge.Setup;

/// <summary>
/// The tests' tools from the npm registry (the list's <c>npm</c> lines, name@version): present when
/// <c>&lt;tools&gt;/node_modules/&lt;name&gt;/package.json</c> has that version; otherwise one <c>npm install</c> brings them.
/// </summary>
public sealed class NpmTools(Func<string, HostCommand> command, IBuildLog log, TimeSpan timeout)
{
    /// <summary>The folder the tools live in: <c>&lt;cache-dir&gt;/tools</c> (the tests look there).</summary>
    public static string Directory(string cacheDirectory) => Path.Combine(cacheDirectory, "tools");

    /// <summary>The npm entries not installed at their version under <paramref name="toolsDirectory"/>.</summary>
    public static IReadOnlyList<Prerequisite> Missing(IReadOnlyList<Prerequisite> list, string toolsDirectory)
    {
        ArgumentNullException.ThrowIfNull(list);
        return list.Where(p => p.Group == PrerequisiteGroup.Npm && InstalledVersion(toolsDirectory, Split(p.Name).Name) != Split(p.Name).Version).ToList();
    }

    /// <summary>name@version → (name, version); a scoped name keeps its leading @.</summary>
    public static (string Name, string Version) Split(string spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var at = spec.LastIndexOf('@');
        return at > 0 ? (spec[..at], spec[(at + 1)..]) : (spec, string.Empty);
    }

    public async Task EnsureAsync(IReadOnlyList<Prerequisite> list, string toolsDirectory, CancellationToken cancellationToken)
    {
        var missing = Missing(list, toolsDirectory);
        if (missing.Count == 0)
        {
            log.Verbose($"npm tools: all present in {toolsDirectory}.");
            return;
        }

        System.IO.Directory.CreateDirectory(toolsDirectory);
        var specs = list.Where(p => p.Group == PrerequisiteGroup.Npm).Select(p => p.Name).ToList();
        log.Info($"npm install {string.Join(' ', missing.Select(m => m.Name))} into {toolsDirectory}");
        var arguments = new CommandArguments().Arg("install").Arg("--prefix").Arg(toolsDirectory).Arg("--silent").Arg("--no-audit").Arg("--no-fund").Arg("--fetch-retries=3");
        foreach (var spec in specs)
        {
            arguments.Arg(spec);
        }

        await command("npm").ExecuteAsync(new CommandSettings(), arguments, new CommandOptions { Timeout = timeout, OnLine = log.Verbose }, cancellationToken).ConfigureAwait(false);
        if (Missing(list, toolsDirectory) is { Count: > 0 } still)
        {
            throw new PrerequisitesMissingException($"npm install finished, but {toolsDirectory} still lacks {string.Join(", ", still.Select(s => s.Name))}.");
        }
    }

    private static string? InstalledVersion(string toolsDirectory, string name)
    {
        var manifest = Path.Combine(toolsDirectory, "node_modules", name, "package.json");
        try
        {
            using var document = JsonDocument.Parse(File.ReadAllBytes(manifest));
            return document.RootElement.TryGetProperty("version", out var version) ? version.GetString() : null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or JsonException)
        {
            return null;
        }
    }
}
