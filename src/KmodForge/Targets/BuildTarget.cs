namespace KmodForge.Targets;

/// <summary>
/// One validated build: a driver version for one kernel release of one distro version and architecture.
/// Only <see cref="TargetValidator"/> makes these, so every field has passed validation.
/// </summary>
public sealed record BuildTarget
{
    internal BuildTarget(Distribution distribution, DistroVersion version, string kernelRelease, Architecture architecture, string driverVersion)
    {
        Distribution = distribution;
        DistroVersion = version;
        KernelRelease = kernelRelease;
        Architecture = architecture;
        DriverVersion = driverVersion;
    }

    public Distribution Distribution { get; }

    public DistroVersion DistroVersion { get; }

    /// <summary>The kernel release as <c>uname -r</c> prints it.</summary>
    public string KernelRelease { get; }

    public Architecture Architecture { get; }

    /// <summary>The driver version as given (<c>v0.5.16</c>).</summary>
    public string DriverVersion { get; }

    public PackageFormat Format => Distribution.Format;

    /// <summary>The base image this target compiles in (same distro and version: the compiler must match the kernel's).</summary>
    public string BaseImageTag => Distribution.BaseImageTag(DistroVersion, Architecture);

    /// <summary>Validates and builds a target; throws <see cref="TargetValidationException"/> listing every bad field.</summary>
    public static BuildTarget Create(string distribution, string? distroVersion, string kernelRelease, string architecture, string driverVersion) =>
        TargetValidator.Validate(new BuildRequest(kernelRelease, architecture, distribution, distroVersion, driverVersion)).GetTargetOrThrow();

    /// <summary>The same target for another driver version (the kernel, and so its header layer, stays the same).</summary>
    public BuildTarget WithDriverVersion(string driverVersion) =>
        TargetValidator.Validate(ToRequest() with { DriverVersion = driverVersion }, distributions: new DistroCatalog([Distribution])).GetTargetOrThrow();

    public BuildRequest ToRequest() =>
        new(KernelRelease, Architecture.KernelName(), Distribution.Id, DistroVersion.Id, DriverVersion);

    public bool Equals(BuildTarget? other) =>
        other is not null && Distribution.Id == other.Distribution.Id && DistroVersion.Id == other.DistroVersion.Id
        && KernelRelease == other.KernelRelease && Architecture == other.Architecture && DriverVersion == other.DriverVersion;

    public override int GetHashCode() => HashCode.Combine(Distribution.Id, DistroVersion.Id, KernelRelease, Architecture, DriverVersion);

    public override string ToString() =>
        $"{Distribution.Id} {DistroVersion.Id} {Architecture.KernelName()} {KernelRelease} driver {DriverVersion}";
}
