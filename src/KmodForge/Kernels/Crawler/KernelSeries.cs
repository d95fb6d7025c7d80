namespace KmodForge.Kernels.Crawler;

/// <summary>
/// The kernel line (major.minor) each Ubuntu and Debian release shipped with. Their kernel releases do not name the
/// distro version (<c>6.8.0-48-generic</c>, <c>6.1.0-28-amd64</c>), so a crawler entry without another marker is
/// placed by its kernel line. Older releases are listed too, so their kernels are reported as "unsupported version
/// 20.04" rather than "cannot tell". Every supported Ubuntu/Debian version of the registry must be here (tested).
/// </summary>
public static class KernelSeries
{
    public static IReadOnlyList<(string Distribution, string Version, string KernelLine)> Releases { get; } =
    [
        ("ubuntu", "16.04", "4.4"), ("ubuntu", "18.04", "4.15"), ("ubuntu", "18.10", "4.18"), ("ubuntu", "19.04", "5.0"),
        ("ubuntu", "19.10", "5.3"), ("ubuntu", "20.04", "5.4"), ("ubuntu", "20.10", "5.8"), ("ubuntu", "21.04", "5.11"),
        ("ubuntu", "21.10", "5.13"), ("ubuntu", "22.04", "5.15"), ("ubuntu", "22.10", "5.19"), ("ubuntu", "23.04", "6.2"),
        ("ubuntu", "23.10", "6.5"), ("ubuntu", "24.04", "6.8"), ("ubuntu", "24.10", "6.11"), ("ubuntu", "25.04", "6.14"),
        ("ubuntu", "25.10", "6.17"), ("ubuntu", "26.04", "7.0"),
        ("debian", "9", "4.9"), ("debian", "10", "4.19"), ("debian", "11", "5.10"), ("debian", "12", "6.1"), ("debian", "13", "6.12"),
    ];

    /// <summary>The release that shipped kernel line <paramref name="kernelRelease"/>'s major.minor, or null.</summary>
    public static string? VersionFor(string distribution, string kernelRelease)
    {
        var line = Line(kernelRelease);
        foreach (var (d, v, k) in Releases)
        {
            if (d == distribution && k == line)
            {
                return v;
            }
        }

        return null;
    }

    /// <summary>The major.minor of a release (<c>6.8</c> of <c>6.8.0-48-generic</c>).</summary>
    public static string Line(string kernelRelease)
    {
        var firstDot = kernelRelease.IndexOf('.', StringComparison.Ordinal);
        if (firstDot < 0)
        {
            return kernelRelease;
        }

        var end = firstDot + 1;
        while (end < kernelRelease.Length && char.IsAsciiDigit(kernelRelease[end]))
        {
            end++;
        }

        return kernelRelease[..end];
    }
}
