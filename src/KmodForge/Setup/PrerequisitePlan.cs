using KmodForge.Containers;
using KmodForge.Targets;

namespace KmodForge.Setup;

/// <summary>What the machine is checked for: the container tasks' needs, or the tests' (everything in the list).</summary>
public enum PrerequisiteScope
{
    Build,
    Test,
}

/// <summary>What to check: the scope, the architectures asked for (foreign ones need emulation), and the engine setting.</summary>
public sealed record PrerequisiteRequest(PrerequisiteScope Scope, IReadOnlyList<Architecture> Architectures, ContainerEngineKind Engine);

/// <summary>
/// What this machine lacks. <see cref="Packages"/> and the configuration steps are what installing fixes;
/// <see cref="Optional"/> is wanted but not needed to go on (debootstrap for the main job); <see cref="Problems"/>
/// cannot be fixed here (an engine that apt does not install, a host that is not Debian).
/// </summary>
public sealed record PrerequisitePlan(
    HostSystem Host,
    IReadOnlyList<Prerequisite> Packages,
    IReadOnlyList<Prerequisite> Optional,
    bool WriteContainersConf,
    bool MountBinfmt,
    IReadOnlyList<Architecture> EnableEmulation,
    IReadOnlyList<string> Problems)
{
    /// <summary>Nothing needed is missing (optional packages may be).</summary>
    public bool Ready => Packages.Count == 0 && !WriteContainersConf && !MountBinfmt && EnableEmulation.Count == 0 && Problems.Count == 0;

    /// <summary>Nothing at all is missing.</summary>
    public bool Complete => Ready && Optional.Count == 0;

    /// <summary>Every package apt-get would install: the needed ones, then the optional ones.</summary>
    public IReadOnlyList<string> PackagesToInstall => Packages.Concat(Optional).Select(p => p.Name).Distinct().ToList();

    /// <summary>The foreign architectures the packages to install name (<c>libc6-dev:arm64</c>): dpkg must know them before apt-get update.</summary>
    public IReadOnlyList<string> ForeignArchitectures =>
        Packages.Concat(Optional).Select(p => p.ForeignArchitecture).OfType<string>().Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();

    /// <summary>One line per missing thing, for messages.</summary>
    public IReadOnlyList<string> Missing()
    {
        var lines = Packages.Concat(Optional).DistinctBy(p => p.Name)
            .Select(p => $"{p.Name}{(Optional.Contains(p) && !Packages.Contains(p) ? " (optional)" : string.Empty)}: {p.Purpose}").ToList();
        if (WriteContainersConf)
        {
            lines.Add($"{LocalHost.ContainersConfPath}: Podman's runtime runc and the ulimits this machine allows (build/containers.conf)");
        }

        if (MountBinfmt)
        {
            lines.Add("binfmt_misc is not mounted (/proc/sys/fs/binfmt_misc)");
        }

        lines.AddRange(EnableEmulation.Select(a => $"binfmt_misc: qemu-{a.KernelName()} is not registered and enabled (emulated {a.KernelName()} containers)"));
        lines.AddRange(Problems);
        return lines;
    }
}
