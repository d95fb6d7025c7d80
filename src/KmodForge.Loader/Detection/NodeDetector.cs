using KmodForge.Errors;
using KmodForge.Targets;

namespace KmodForge.Loader.Detection;

/// <summary>What the loader found out about the node it runs on.</summary>
public sealed record NodeInfo(string OsId, string? OsVersionId, string? PrettyName, string KernelRelease, Architecture Architecture);

/// <summary>The node is not one we build drivers for; the message says what was detected and what is supported.</summary>
public sealed class UnsupportedNodeException(string message) : KmodForgeException(message);

/// <summary>
/// Detects the node's distribution, version, kernel release and architecture, under a host-root prefix (such as
/// <c>/host</c> in a container), and maps them to a supported target through the distribution registry
/// (<c>amzn</c> + <c>2023</c> → amazonlinux 2023, <c>centos</c> + <c>10</c> → stream10, <c>ubuntu</c> + <c>24.04</c>).
/// </summary>
public sealed class NodeDetector(string hostRoot)
{
    public NodeInfo Detect(string? kernelReleaseOverride = null, string? architectureOverride = null)
    {
        var osReleasePath = new[] { "etc/os-release", "usr/lib/os-release" }.Select(p => Path.Combine(hostRoot, p)).FirstOrDefault(File.Exists)
            ?? throw new UnsupportedNodeException($"no os-release file under {hostRoot} (looked for etc/os-release and usr/lib/os-release); in a container, mount the host's /etc at {Path.Combine(hostRoot, "etc")}");
        var os = OsRelease.Parse(File.ReadAllText(osReleasePath));
        var id = os.GetValueOrDefault("ID") ?? throw new UnsupportedNodeException($"{osReleasePath} has no ID");

        var kernel = kernelReleaseOverride ?? ReadKernelRelease();
        Architecture arch;
        if (architectureOverride is not null)
        {
            if (!ArchitectureNames.TryParse(architectureOverride, out arch))
            {
                throw new UnsupportedNodeException($"--architecture: {Printable.Quote(architectureOverride)} is not supported; accepted: x86_64, aarch64");
            }
        }
        else
        {
            arch = ArchitectureNames.Host() ?? throw new UnsupportedNodeException($"this machine's architecture ({System.Runtime.InteropServices.RuntimeInformation.OSArchitecture}) is not supported; supported: x86_64, aarch64");
        }

        return new NodeInfo(id, os.GetValueOrDefault("VERSION_ID"), os.GetValueOrDefault("PRETTY_NAME"), kernel, arch);
    }

    /// <summary>The build request for a node: its distribution and version mapped through the registry.</summary>
    public static BuildRequest ToRequest(NodeInfo node, string driverVersion)
    {
        var distribution = DistroRegistry.All.FirstOrDefault(d => d.OsReleaseIds.Contains(node.OsId))
            ?? throw Unsupported(node, $"distribution {Printable.Quote(node.OsId)} is not supported");
        var version = distribution.Versions.FirstOrDefault(v => v.OsReleaseVersionId == node.OsVersionId)
            ?? throw Unsupported(node, $"{distribution.DisplayName} version {Printable.Quote(node.OsVersionId)} is not supported (supported: {string.Join(", ", distribution.Versions.Select(v => v.OsReleaseVersionId))})");
        return new BuildRequest(node.KernelRelease, node.Architecture.KernelName(), distribution.Id, version.Id, driverVersion);
    }

    private string ReadKernelRelease()
    {
        // The kernel is shared with containers, so /proc is the host's own answer (uname -r).
        var path = "/proc/sys/kernel/osrelease";
        return File.Exists(path) ? File.ReadAllText(path).Trim() : Environment.OSVersion.Version.ToString();
    }

    private static UnsupportedNodeException Unsupported(NodeInfo node, string why) =>
        new($"{why}. Detected: ID={Printable.Quote(node.OsId)} VERSION_ID={Printable.Quote(node.OsVersionId)} PRETTY_NAME={Printable.Quote(node.PrettyName)}, kernel {Printable.Quote(node.KernelRelease)}, {node.Architecture.KernelName()}. "
            + $"Supported: {string.Join("; ", DistroRegistry.All.Select(d => $"{string.Join("/", d.OsReleaseIds)} {string.Join(", ", d.Versions.Select(v => v.OsReleaseVersionId))}"))}.");
}
