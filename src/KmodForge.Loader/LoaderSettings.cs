using KmodForge.Configuration;
using KmodForge.Naming;

namespace KmodForge.Loader;

/// <summary>How the module is installed on the node.</summary>
public enum InstallMode
{
    /// <summary>Install the package with the node's package manager, then modprobe (VMs, bare metal).</summary>
    Host,
    /// <summary>Extract the .ko files from the package in-process, then insmod into the host kernel (Kubernetes).</summary>
    Extract,
}

/// <summary>The loader's settings (arguments or KMODFORGE_* environment variables).</summary>
public sealed class LoaderSettings
{
    [Setting("driver-version", "The driver version to load, e.g. v0.1.0.")]
    public string? DriverVersion { get; init; }

    [Setting("driver-name", "The driver (package) name, as the publisher names it.")]
    public string DriverName { get; init; } = PackageNaming.DefaultDriverName;

    [Setting("release-base", "Where packages are published, laid out <base>/<tag>/<file>: a GitHub Releases download URL (https://github.com/OWNER/REPO/releases/download), an S3/HTTP base URL, or a local directory.")]
    public string? ReleaseBase { get; init; }

    [Setting("trusted-keys", "The minisign public keys packages must be signed by, comma-separated: the base64 line of each .pub (RWQ...) or a .pub file's path. Two during a key rotation.")]
    public IReadOnlyList<string> TrustedKeys { get; init; } = [];

    [Setting("allow-unsigned", "Install packages without checking their signature (no --trusted-keys); warns on every run. Not for production.")]
    public bool AllowUnsigned { get; init; }

    [Setting("allow-insecure-http", "Accept a plain http:// --release-base (a loopback test server, a trusted lab mirror); https:// and local directories need no setting.")]
    public bool AllowInsecureHttp { get; init; }

    [Setting("release-tag-template", "Release tag template, the same as the publisher's.")]
    public string ReleaseTagTemplate { get; init; } = PackageNaming.DefaultReleaseTagTemplate;

    [Setting("service-url", "The build service to ask when the package is missing (e.g. http://build-service:8080); none: fail instead.")]
    public string? ServiceUrl { get; init; }

    [Setting("service-token", "Bearer token for the build service.", Secret = true)]
    public string? ServiceToken { get; init; }

    [Setting("build-wait", "Seconds to wait for an on-demand build before giving up.")]
    public TimeSpan BuildWait { get; init; } = TimeSpan.FromMinutes(20);

    [Setting("poll-interval", "Seconds between status polls (grows with backoff up to 4x).")]
    public TimeSpan PollInterval { get; init; } = TimeSpan.FromSeconds(10);

    [Setting("host-root", "Where the host's filesystem is mounted (/ on a host, /host in a container).")]
    public string HostRoot { get; init; } = "/";

    [Setting("kernel-release", "Override the detected kernel release (uname -r).")]
    public string? KernelRelease { get; init; }

    [Setting("architecture", "Override the detected architecture.")]
    public string? Architecture { get; init; }

    [Setting("cache-dir", "Where downloaded packages are kept so a reboot does not download again.")]
    public string CacheDirectory { get; init; } = "/var/cache/kmodforge";

    [Setting("mode", "host (package manager + modprobe) or extract (extract the .ko and insmod).")]
    public InstallMode Mode { get; init; } = InstallMode.Host;

    [Setting("unload-older", "Unload an older loaded version of the module before loading this one.")]
    public bool UnloadOlder { get; init; } = true;

    [Setting("dry-run", "Print every action and run none.")]
    public bool DryRun { get; init; }

    [Setting("insmod-command", "The insmod command.")]
    public string InsmodCommand { get; init; } = "insmod";

    [Setting("modprobe-command", "The modprobe command.")]
    public string ModprobeCommand { get; init; } = "modprobe";

    [Setting("rmmod-command", "The rmmod command.")]
    public string RmmodCommand { get; init; } = "rmmod";

    [Setting("dpkg-command", "The command that installs a .deb (host mode).")]
    public string DpkgCommand { get; init; } = "dpkg";

    [Setting("rpm-command", "The command that installs an .rpm (host mode).")]
    public string RpmCommand { get; init; } = "rpm";

    [Setting("proc-modules", "The loaded-modules table to read (for idempotency).")]
    public string ProcModules { get; init; } = "/proc/modules";

    [Setting("sys-module", "The sysfs module directory (for loaded module versions).")]
    public string SysModule { get; init; } = "/sys/module";
}
