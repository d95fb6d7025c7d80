using System.Text.RegularExpressions;
using KmodForge.Errors;

namespace KmodForge.Setup;

/// <summary>What a line of build/prerequisites.txt is needed for.</summary>
public enum PrerequisiteGroup
{
    /// <summary>The container engine, when Podman is the engine (no Docker daemon answers).</summary>
    Engine,

    /// <summary>Bootstrapping Debian base images offline.</summary>
    Offline,

    /// <summary>Building for a foreign architecture under QEMU.</summary>
    Emulation,

    /// <summary>Tools the tests call.</summary>
    Test,

    /// <summary>The tests' tools from the npm registry (name@version).</summary>
    Npm,
}

/// <summary>One entry of the list: a Debian package (or npm name@version), the command that also proves it present, and what uses it.</summary>
public sealed record Prerequisite(PrerequisiteGroup Group, string Name, string? Command, string Purpose)
{
    /// <summary>The command that shows the package is there on a host without dpkg: the COMMAND column, else the package's own name.</summary>
    public string ProbeCommand => Command ?? Name;

    /// <summary>The foreign architecture of an arch-qualified package (<c>libc6-dev:arm64</c> gives <c>arm64</c>), else null.</summary>
    public string? ForeignArchitecture => Group != PrerequisiteGroup.Npm && Name.IndexOf(':', StringComparison.Ordinal) is var colon and > 0 ? Name[(colon + 1)..] : null;
}

/// <summary>
/// Reads build/prerequisites.txt, the one list of what the machine needs (also read by .ci/install.sh):
/// <c>GROUP NAME [COMMAND]  # what uses it</c>, one entry per line; NAME may be arch-qualified (<c>zlib1g-dev:arm64</c>: dpkg's multiarch). Pure; a bad line is an error naming file and line.
/// </summary>
public static partial class PrerequisiteList
{
    /// <summary>The list's path inside the repository.</summary>
    public const string RelativePath = "build/prerequisites.txt";

    /// <summary>The list of the checkout at <paramref name="repositoryRoot"/>.</summary>
    public static IReadOnlyList<Prerequisite> Load(string repositoryRoot)
    {
        var path = Path.Combine(repositoryRoot, RelativePath);
        return File.Exists(path)
            ? Parse(File.ReadAllText(path), path)
            : throw new KmodForgeException($"{Printable.Quote(path)} does not exist: run ./build.sh from a KmodForge checkout (or set --repository-root).");
    }

    public static IReadOnlyList<Prerequisite> Parse(string text, string source)
    {
        ArgumentNullException.ThrowIfNull(text);
        var entries = new List<Prerequisite>();
        var errors = new List<string>();
        var lines = text.Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            var hash = lines[i].IndexOf('#', StringComparison.Ordinal);
            var body = hash < 0 ? lines[i] : lines[i][..hash];
            var purpose = hash < 0 ? string.Empty : lines[i][(hash + 1)..].Trim();
            var fields = body.Split([' ', '\t', '\r'], StringSplitOptions.RemoveEmptyEntries);
            if (fields.Length == 0)
            {
                continue;
            }

            var where = $"{source}:{i + 1}";
            if (fields.Length is < 2 or > 3 || !TryGroup(fields[0], out var group))
            {
                errors.Add($"{where}: {Printable.Quote(body.Trim())} is not GROUP NAME [COMMAND]; groups: engine, offline, emulation, test, npm");
                continue;
            }

            var nameOk = group == PrerequisiteGroup.Npm ? NpmName().IsMatch(fields[1]) : DebianName().IsMatch(fields[1]);
            if (!nameOk)
            {
                errors.Add($"{where}: {Printable.Quote(fields[1])} is not a {(group == PrerequisiteGroup.Npm ? "npm name@version" : "Debian package name (optionally arch-qualified, name:arm64)")}");
                continue;
            }

            var command = fields.Length == 3 ? fields[2] : null;
            if (command is not null && !CommandName().IsMatch(command))
            {
                errors.Add($"{where}: {Printable.Quote(command)} is not a command name (letters, digits, . _ + -)");
                continue;
            }

            entries.Add(new Prerequisite(group, fields[1], command, purpose));
        }

        return errors.Count == 0 ? entries : throw new KmodForgeException($"{source} has {errors.Count} bad line(s):{Environment.NewLine}{string.Join(Environment.NewLine, errors)}");
    }

    private static bool TryGroup(string text, out PrerequisiteGroup group)
    {
        group = default;
        return text == text.ToLowerInvariant() && Enum.TryParse(text, ignoreCase: true, out group) && Enum.IsDefined(group) && !int.TryParse(text, out _);
    }

    [GeneratedRegex(@"^[a-z0-9][a-z0-9+.-]+(:[a-z0-9]+)?$", RegexOptions.CultureInvariant)]
    private static partial Regex DebianName();

    [GeneratedRegex(@"^(@[a-z0-9][a-z0-9._-]*/)?[a-z0-9][a-z0-9._-]*@[0-9][0-9A-Za-z.+-]*$", RegexOptions.CultureInvariant)]
    private static partial Regex NpmName();

    [GeneratedRegex(@"^[A-Za-z0-9][A-Za-z0-9._+-]*$", RegexOptions.CultureInvariant)]
    private static partial Regex CommandName();
}
