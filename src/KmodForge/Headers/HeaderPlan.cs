using KmodForge.Errors;
using KmodForge.Targets;

namespace KmodForge.Headers;

/// <summary>
/// What one header source resolved for a kernel: the concrete packages (installed by the distro's package manager
/// from its repositories) or URLs (downloaded, checked and installed), and the shell that installs them in the
/// per-kernel image layer. Pure data: rendering it is testable without a container.
/// </summary>
/// <param name="Source">The source that resolved it.</param>
/// <param name="Packages">Package names or file URLs, exactly as installed.</param>
/// <param name="InstallScript">The POSIX shell run in the build container (every value in it was validated).</param>
/// <param name="Description">One line for the log and the summary, e.g. "apt: linux-headers-6.1.0-41-amd64".</param>
public sealed record HeaderPlan(HeaderSourceKind Source, IReadOnlyList<string> Packages, string InstallScript, string Description)
{
    /// <summary>Files fetched (and checked) on the host before the layer is built; the install script finds them in
    /// <see cref="DownloadDirectory"/>.</summary>
    public IReadOnlyList<HeaderDownload> Downloads { get; init; } = [];

    /// <summary>Where downloaded header packages are copied in the build container.</summary>
    public const string DownloadDirectory = "/tmp/kmodforge-headers";
}

/// <summary>A header package to download, with what it must match.</summary>
/// <param name="Url">An http(s) URL.</param>
/// <param name="FileName">The file name to save it as (validated: no path separators).</param>
/// <param name="Size">The exact size in bytes, when the source knows it (Koji).</param>
/// <param name="Sha256">The SHA-256, when the source knows it (repository metadata).</param>
/// <param name="RpmSigMd5">The RPM header+payload MD5 (Koji's <c>payloadhash</c>), checked against the package's own.</param>
public sealed record HeaderDownload(Uri Url, string FileName, long? Size = null, string? Sha256 = null, string? RpmSigMd5 = null);

/// <summary>One source tried: what was asked and what it answered (for the error when every source fails).</summary>
public sealed record HeaderAttempt(HeaderSourceKind Source, string Asked, string Answer);

/// <summary>Every header source failed; the message lists each source tried, what was asked and what it answered.</summary>
public sealed class HeadersNotFoundException(BuildTarget target, IReadOnlyList<HeaderAttempt> attempts) : KmodForgeException(
    $"No kernel headers found for {target.Distribution.Id} {target.DistroVersion.Id} {target.Architecture.KernelName()} kernel {target.KernelRelease}. Sources tried:"
    + string.Concat(attempts.Select(a => $"{Environment.NewLine}  - {a.Source.ToString().ToLowerInvariant()}: asked {a.Asked}; answer: {a.Answer}"))
    + (attempts.Count == 0 ? $"{Environment.NewLine}  (no header source is configured for {target.Distribution.Id})" : string.Empty))
{
    public IReadOnlyList<HeaderAttempt> Attempts { get; } = attempts;
}
