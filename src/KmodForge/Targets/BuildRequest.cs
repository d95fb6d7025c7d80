using System.Text.Json.Serialization;

namespace KmodForge.Targets;

/// <summary>
/// A build target as it arrives, unvalidated: the seed's request shape
/// (<c>{"kernel_version", "architecture", "distribution", "distro_version", "driver_version"}</c>).
/// </summary>
public sealed record BuildRequest(
    [property: JsonPropertyName("kernel_version")] string? KernelVersion,
    [property: JsonPropertyName("architecture")] string? Architecture,
    [property: JsonPropertyName("distribution")] string? Distribution,
    [property: JsonPropertyName("distro_version")] string? DistroVersion,
    [property: JsonPropertyName("driver_version")] string? DriverVersion);
