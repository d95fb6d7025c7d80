using KmodForge.Targets;

namespace KmodForge.Kernels.Crawler;

/// <summary>
/// The kernel line (major.minor) each Ubuntu and Debian release shipped with, read from the registry
/// (<see cref="Distribution.KernelLines"/>). Their kernel releases do not name the distro version
/// (<c>6.8.0-48-generic</c>, <c>6.1.0-28-amd64</c>), so a crawler entry without another marker is placed by its kernel line.
/// </summary>
public static class KernelSeries
{
    public static IReadOnlyList<(string Distribution, string Version, string KernelLine)> Releases { get; } =
        DistroRegistry.All.SelectMany(d => d.KernelLines.Select(l => (d.Id, l.Value, l.Key))).ToList();

    /// <summary>The release that shipped kernel line <paramref name="kernelRelease"/>'s major.minor, or null.</summary>
    public static string? VersionFor(string distribution, string kernelRelease) =>
        DistroRegistry.Find(distribution)?.VersionShippingKernelLine(kernelRelease);

    /// <summary>The major.minor of a release (<c>6.8</c> of <c>6.8.0-48-generic</c>).</summary>
    public static string Line(string kernelRelease) => Distribution.KernelLineOf(kernelRelease);
}
