using KmodForge.Targets;

namespace KmodForge.Kernels;

/// <summary>Where a kernel of the matrix came from.</summary>
public enum KernelSource
{
    KernelsJson,
    KernelCrawler,
    Livepatch,
}

/// <summary>One validated build of the matrix: a target, the header URLs known for it (maybe none), and its source.</summary>
public sealed record MatrixKernel(BuildTarget Target, IReadOnlyList<string> Headers, KernelSource Source)
{
    /// <summary>The kernel's identity without the driver: <c>debian/12/x86_64/6.1.0-28-amd64</c>.</summary>
    public string Key => MatrixKey(Target);

    public static string MatrixKey(BuildTarget target) =>
        string.Join('/', target.Distribution.Id, target.DistroVersion.Id, target.Architecture.KernelName(), target.KernelRelease);
}
