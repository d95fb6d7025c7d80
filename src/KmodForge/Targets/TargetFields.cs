namespace KmodForge.Targets;

/// <summary>
/// The names of a build target's fields in one interface's own spelling, so an error says what the user typed: the
/// service's JSON says <c>kernel_version</c>, the build host's command line <c>--kernel-release</c>.
/// </summary>
public sealed record TargetFields(string KernelRelease, string Architecture, string Distribution, string DistroVersion, string DriverVersion)
{
    /// <summary>The build request's JSON fields (the service, the workflow inputs).</summary>
    public static TargetFields Json { get; } = new("kernel_version", "architecture", "distribution", "distro_version", "driver_version");

    /// <summary>The build host's and the loader's options.</summary>
    public static TargetFields CommandLine { get; } = new("--kernel-release", "--architecture", "--distribution", "--distro-version", "--driver-version");
}
