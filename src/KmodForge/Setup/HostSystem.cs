using KmodForge.Containers.Emulation;
using KmodForge.Targets;

namespace KmodForge.Setup;

/// <summary>The kind of host, which decides how missing tools are installed.</summary>
public enum HostFamily
{
    /// <summary>Debian, Ubuntu and their derivatives (ID or ID_LIKE in /etc/os-release): apt-get installs the list.</summary>
    Debian,

    /// <summary>Fedora, CentOS Stream, RHEL and their derivatives: the user installs with dnf.</summary>
    Fedora,

    /// <summary>macOS: the user installs Podman or Docker Desktop.</summary>
    MacOS,

    /// <summary>Anything else: the user installs the equivalents.</summary>
    Other,
}

/// <summary>
/// What the prerequisite check knows about this machine. <see cref="DockerDaemonAnswers"/> is asked only when Podman is
/// not ready (it starts a process), so a ready machine is checked from files alone.
/// </summary>
/// <param name="Name">The host's name for messages (os-release's PRETTY_NAME).</param>
/// <param name="InstalledPackages">Packages dpkg lists as installed (empty off Debian).</param>
/// <param name="OnPath">Whether a command is found on PATH.</param>
/// <param name="ContainersConf">The text of /etc/containers/containers.conf, or null when absent.</param>
public sealed record HostSystem(
    HostFamily Family,
    string Name,
    bool IsRoot,
    Architecture? Architecture,
    IReadOnlySet<string> InstalledPackages,
    Func<string, bool> OnPath,
    string? ContainersConf,
    BinfmtState Binfmt,
    Func<bool> DockerDaemonAnswers)
{
    /// <summary>Whether the package is there: dpkg lists it, or its command is on PATH.</summary>
    public bool Has(Prerequisite prerequisite)
    {
        ArgumentNullException.ThrowIfNull(prerequisite);
        return Family == HostFamily.Debian
            ? InstalledPackages.Contains(prerequisite.Name) || (prerequisite.Command is { } command && OnPath(command))
            : OnPath(prerequisite.ProbeCommand);
    }
}

/// <summary>Reads /etc/os-release (KEY=value lines, values optionally quoted).</summary>
public static class OsRelease
{
    public static IReadOnlyDictionary<string, string> Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var raw in text.Split('\n'))
        {
            var line = raw.Trim();
            var eq = line.IndexOf('=', StringComparison.Ordinal);
            if (line.StartsWith('#') || eq <= 0)
            {
                continue;
            }

            var value = line[(eq + 1)..].Trim();
            if (value.Length >= 2 && (value[0] is '"' or '\'') && value[^1] == value[0])
            {
                value = value[1..^1];
            }

            values[line[..eq]] = value;
        }

        return values;
    }

    /// <summary>The family from ID and ID_LIKE: debian/ubuntu → Debian; fedora/rhel/centos → Fedora; else Other.</summary>
    public static HostFamily Family(IReadOnlyDictionary<string, string> osRelease)
    {
        ArgumentNullException.ThrowIfNull(osRelease);
        var ids = (osRelease.GetValueOrDefault("ID", string.Empty) + " " + osRelease.GetValueOrDefault("ID_LIKE", string.Empty))
            .Split(' ', StringSplitOptions.RemoveEmptyEntries);
        return ids.Any(i => i is "debian" or "ubuntu") ? HostFamily.Debian
            : ids.Any(i => i is "fedora" or "rhel" or "centos") ? HostFamily.Fedora
            : HostFamily.Other;
    }
}

/// <summary>
/// Reads dpkg's status database (/var/lib/dpkg/status): the packages whose Status is "install ok installed", each by
/// its name and by its arch-qualified name (<c>zlib1g-dev</c> and <c>zlib1g-dev:arm64</c>), as multiarch names them.
/// </summary>
public static class DpkgStatus
{
    public static IReadOnlySet<string> Installed(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var installed = new HashSet<string>(StringComparer.Ordinal);
        string? package = null;
        string? architecture = null;
        var ok = false;
        foreach (var line in text.AsSpan().EnumerateLines())
        {
            if (line.IsEmpty)
            {
                Add();
                (package, architecture, ok) = (null, null, false);
            }
            else if (line.StartsWith("Package: ", StringComparison.Ordinal))
            {
                package = line["Package: ".Length..].Trim().ToString();
            }
            else if (line.StartsWith("Architecture: ", StringComparison.Ordinal))
            {
                architecture = line["Architecture: ".Length..].Trim().ToString();
            }
            else if (line.StartsWith("Status: ", StringComparison.Ordinal))
            {
                ok = line.EndsWith(" ok installed", StringComparison.Ordinal);
            }
        }

        Add();
        return installed;

        void Add()
        {
            if (package is null || !ok)
            {
                return;
            }

            installed.Add(package);
            if (architecture is not null)
            {
                installed.Add(package + ":" + architecture);
            }
        }
    }
}
