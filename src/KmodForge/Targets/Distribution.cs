using System.Text.RegularExpressions;

namespace KmodForge.Targets;

/// <summary>Where a distribution's kernel headers can come from, in the order they are tried.</summary>
public enum HeaderSourceKind
{
    /// <summary>apt inside the build container (Debian, Ubuntu).</summary>
    Apt,
    /// <summary>dnf inside the build container (Fedora, CentOS Stream, Amazon Linux).</summary>
    Dnf,
    /// <summary>Explicit package URLs (kernels.json / kernel-crawler <c>headers</c>, or a setting).</summary>
    Url,
    /// <summary>A Koji hub's XML-RPC API (Fedora, CentOS Stream).</summary>
    Koji,
    /// <summary>Amazon Linux 2023's kernel-livepatch repository.</summary>
    Livepatch,
}

/// <summary>One supported version of a distribution.</summary>
/// <param name="Id">The version as users write it: <c>24.04</c>, <c>12</c>, <c>stream10</c>, <c>2023</c>.</param>
/// <param name="FromImage">The public image the base image is built <c>FROM</c>, e.g. <c>debian:12</c>.</param>
/// <param name="Codename">The suite/codename where the distro has one (<c>bookworm</c>, <c>noble</c>).</param>
/// <param name="OsReleaseVersionId">VERSION_ID as /etc/os-release spells it on that version.</param>
public sealed record DistroVersion(string Id, string FromImage, string? Codename, string OsReleaseVersionId);

/// <summary>
/// Everything that differs per distribution, in one place. <see cref="DistroRegistry"/> holds one of these per supported
/// distribution; validation, defaults, package format, base images, header sources and architecture names all read it.
/// </summary>
public sealed record Distribution
{
    /// <summary>The id used on the command line, in kernels.json and in file names: <c>debian</c>, <c>amazonlinux</c>.</summary>
    public required string Id { get; init; }

    public required string DisplayName { get; init; }

    public required PackageFormat Format { get; init; }

    public required IReadOnlyList<DistroVersion> Versions { get; init; }

    /// <summary>The version used when none is given and the kernel release does not encode one.</summary>
    public required string DefaultVersion { get; init; }

    /// <summary>/etc/os-release ID values that mean this distribution (<c>amzn</c> for Amazon Linux).</summary>
    public required IReadOnlyList<string> OsReleaseIds { get; init; }

    /// <summary>The shape of this distribution's kernel releases (uname -r).</summary>
    public required Regex KernelReleasePattern { get; init; }

    /// <summary>A real release string, shown in error messages as an example of what is accepted.</summary>
    public required string KernelReleaseExample { get; init; }

    /// <summary>Header sources, in the order they are tried.</summary>
    public required IReadOnlyList<HeaderSourceKind> HeaderSources { get; init; }

    /// <summary>Reads the distro version encoded in a kernel release, or null when the release does not encode one.</summary>
    public required Func<string, string?> VersionFromRelease { get; init; }

    /// <summary>Reads the architecture encoded in a kernel release, or null when the release does not encode one.</summary>
    public required Func<string, Architecture?> ArchitectureFromRelease { get; init; }

    /// <summary>Where the kernel build tree (the headers) of a release lives once its header packages are installed.</summary>
    public required Func<string, string> KernelBuildDirectory { get; init; }

    /// <summary>
    /// The package that always depends on the newest kernel headers of an architecture (Debian's
    /// <c>linux-headers-amd64</c>, Ubuntu's <c>linux-headers-generic</c>), used to resolve <c>--kernel-release=latest</c>;
    /// null where the distribution has none.
    /// </summary>
    public Func<Architecture, string>? LatestHeadersMetaPackage { get; init; }

    /// <summary>
    /// The dependency a module package declares on its kernel, in the format's own syntax, with <c>{release}</c> for the
    /// kernel release: <c>linux-image-{release} | linux-image-{release}-unsigned</c>, <c>kernel-uname-r = {release}</c>.
    /// Null when the distribution has no package to depend on.
    /// </summary>
    public string? KernelDependencyTemplate { get; init; }

    /// <summary>The kernel dependency for one release (see <see cref="KernelDependencyTemplate"/>), or null.</summary>
    public string? KernelDependency(string kernelRelease) =>
        KernelDependencyTemplate?.Replace("{release}", kernelRelease, StringComparison.Ordinal);

    /// <summary>
    /// The kernel line (major.minor) each release shipped with, older unsupported releases included, for distributions
    /// whose releases do not name the distro version (<c>6.8.0-48-generic</c>): kernel line → version id.
    /// </summary>
    public IReadOnlyDictionary<string, string> KernelLines { get; init; } = new Dictionary<string, string>();

    /// <summary>The release whose kernel line (see <see cref="KernelLineOf"/>) a kernel release has, or null.</summary>
    public string? VersionShippingKernelLine(string kernelRelease) => KernelLines.GetValueOrDefault(KernelLineOf(kernelRelease));

    /// <summary>The major.minor of a kernel release (<c>6.8</c> of <c>6.8.0-48-generic</c>).</summary>
    public static string KernelLineOf(string kernelRelease)
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

    /// <summary>The Dockerfile of this distribution's base images, relative to the repository root.</summary>
    public string Dockerfile => $"docker/Dockerfile.base.{Id}";

    public DistroVersion? FindVersion(string? id) =>
        Versions.FirstOrDefault(v => string.Equals(v.Id, id, StringComparison.Ordinal));

    public DistroVersion GetVersion(string id) =>
        FindVersion(id) ?? throw new ArgumentException($"{DisplayName} has no supported version '{id}'.", nameof(id));

    /// <summary>The local tag of the base image for one version and architecture: <c>kmodforge/base-debian:12-amd64</c>.</summary>
    public string BaseImageTag(DistroVersion version, Architecture arch) =>
        $"kmodforge/base-{Id}:{version.Id}-{arch.DebianName()}";

    public override string ToString() => Id;
}
