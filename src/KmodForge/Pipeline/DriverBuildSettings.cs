using KmodForge.Configuration;
using KmodForge.Naming;

namespace KmodForge.Pipeline;

/// <summary>Where packages are published.</summary>
public enum ReleaseStoreKind
{
    /// <summary>A local directory laid out by release tag (the embedded default).</summary>
    Local,
    /// <summary>GitHub Releases of the configured repository.</summary>
    GitHub,
}

/// <summary>The settings of one driver build (arguments or KMODFORGE_* environment variables).</summary>
public sealed record DriverBuildSettings
{
    public const string LatestKernel = "latest";

    /// <summary>The newest kernel of a Debian version's backports suite (<c>bookworm-backports</c>).</summary>
    public const string LatestBackportsKernel = "latest-backports";

    [Setting("distribution", "Target distribution: {distributions}.")]
    public string? Distribution { get; init; }

    [Setting("distro-version", "Target distro version (e.g. 24.04, 12, 43, stream10, 2023); derived from the kernel release or the distribution's default when omitted.")]
    public string? DistroVersion { get; init; }

    [Setting("kernel-release", "Kernel release as `uname -r` prints it, 'latest' for the newest kernel of the distro version's repositories (apt distributions), or 'latest-backports' for the newest of a Debian version's backports suite.")]
    public string? KernelRelease { get; init; }

    [Setting("architecture", "x86_64 or aarch64 (amd64/arm64 accepted); default: this machine's.")]
    public string? Architecture { get; init; }

    [Setting("driver-version", "Driver version, e.g. v0.1.0.")]
    public string? DriverVersion { get; init; }

    [Setting("driver-name", "Driver (package) name used in package names and file names.")]
    public string DriverName { get; init; } = PackageNaming.DefaultDriverName;

    [Setting("module-source", "The kernel module source: a directory (with its Kbuild/Makefile); a DKMS source package (.deb or .rpm with /usr/src/<name>-<version>); a tarball (.tar, .tar.gz, .tgz, .tar.xz, .tar.zst); or a git repository at a ref, git+<URL or path>[@<ref>].")]
    public string ModuleSource { get; init; } = "samples/kmodforge-sample";

    [Setting("module-source-ref", "The git ref (tag, branch or commit) to build when --module-source is a git repository (git+<URL>, or a local repository's directory); default: the repository's HEAD.")]
    public string? ModuleSourceRef { get; init; }

    [Setting("release-store", "Where packages are published: local or github.")]
    public ReleaseStoreKind ReleaseStore { get; init; } = ReleaseStoreKind.Local;

    [Setting("release-dir", "The local release store's directory.")]
    public string ReleaseDirectory { get; init; } = "releases";

    [Setting("release-tag-template", "Release tag template: {driver_version}, {distribution}, {distro_version}, {arch}. The default gives one release per driver version, distribution, distro version and architecture (333 packages each under GitHub's 1,000 assets per release); the loader and the service must use the same.")]
    public string ReleaseTagTemplate { get; init; } = PackageNaming.DefaultReleaseTagTemplate;

    [Setting("work-dir", "Scratch directory for sources, modules and packages.")]
    public string WorkDirectory { get; init; } = "artifacts";

    [Setting("compile-timeout", "Seconds the compile step (make in the container) may take.")]
    public TimeSpan CompileTimeout { get; init; } = TimeSpan.FromMinutes(30);

    [Setting("keep-header-layer", "Keep the kernel's header layer for later builds of the same kernel (true); false where the machine is thrown away after the build (a CI job): a new layer is then not committed, which saves its commit (about 6-8 s for a Debian kernel).")]
    public bool KeepHeaderLayer { get; init; } = true;

    [Setting("repository-root", "The KmodForge checkout holding docker/ and samples/ (relative paths resolve against it); default: the working directory.")]
    public string? RepositoryRoot { get; init; }

    [Setting("build-id", "An id for this build (the build service passes it; shown in the summary).")]
    public string? BuildId { get; init; }

    [Setting("not-applicable-exit-code", "The exit code when the driver does not apply to the target (dkms.conf BUILD_EXCLUSIVE_*): 3, or 0 where a workflow reads the step output outcome=not_applicable instead (the matrix).")]
    public int NotApplicableExitCode { get; init; } = Errors.ExitCodes.NotApplicable;
}
