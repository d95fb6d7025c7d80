using KmodForge.Containers;
using KmodForge.Containers.Emulation;
using KmodForge.Containers.Tooling;
using KmodForge.Targets;

namespace KmodForge.Setup;

/// <summary>Reads the real machine into a <see cref="HostSystem"/>: os-release, dpkg's status file, containers.conf, binfmt_misc (files only; Docker is probed lazily).</summary>
public static class LocalHost
{
    public const string ContainersConfPath = "/etc/containers/containers.conf";

    public static HostSystem Read(TimeSpan dockerProbeTimeout)
    {
        var osRelease = File.Exists("/etc/os-release") ? OsRelease.Parse(File.ReadAllText("/etc/os-release")) : new Dictionary<string, string>();
        var family = OperatingSystem.IsMacOS() ? HostFamily.MacOS : OsRelease.Family(osRelease);
        var name = OperatingSystem.IsMacOS() ? "macOS" : osRelease.GetValueOrDefault("PRETTY_NAME") ?? osRelease.GetValueOrDefault("ID") ?? "this host";
        var installed = family == HostFamily.Debian && File.Exists("/var/lib/dpkg/status")
            ? DpkgStatus.Installed(File.ReadAllText("/var/lib/dpkg/status"))
            : new HashSet<string>();
        var probe = new PathContainerEngineProbe();
        return new HostSystem(
            family,
            name,
            Environment.IsPrivilegedProcess,
            ArchitectureNames.Host(),
            installed,
            command => ExecutableSearch.Find(command) is not null,
            File.Exists(ContainersConfPath) ? File.ReadAllText(ContainersConfPath) : null,
            new BinfmtProbe().Read(),
            () => probe.DockerDaemonAnswers(dockerProbeTimeout));
    }
}
