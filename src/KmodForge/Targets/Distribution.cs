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

/// <summary>How a distribution's base images get their FROM image when it cannot be pulled.</summary>
public enum BaseImageBootstrap
{
    /// <summary>Only the official image (pulled or already present).</summary>
    None,
    /// <summary>Debootstrap a root filesystem from the apt mirror on the host (Debian).</summary>
    Debootstrap,
}

/// <summary>
/// The Koji instance a distribution's kernels are built in: its public endpoints, which <c>--koji-hub</c> and
/// <c>--koji-topurl</c> (<c>&lt;distribution&gt;=&lt;url&gt;</c>) override for a mirror or a test.
/// </summary>
/// <param name="Hub">The XML-RPC hub, e.g. <c>https://koji.fedoraproject.org/kojihub</c>.</param>
/// <param name="TopUrl">The file server, e.g. <c>https://kojipkgs.fedoraproject.org</c>.</param>
public sealed record KojiInstance(string Hub, string TopUrl);

/// <summary>The source (Koji build) package of an RPM kernel, and the epoch its packages carry.</summary>
/// <param name="Name">e.g. <c>kernel</c>, <c>kernel-rt</c>, <c>kernel6.12</c>; its headers are <c>&lt;Name&gt;-devel</c>.</param>
public sealed record RpmKernelSource(string Name, int? Epoch);

/// <summary>What a kernel list (kernel-crawler) says about one kernel, for the distribution to read its release and version from.</summary>
/// <param name="KernelRelease">The list's kernelrelease (not always uname -r: Debian's is &lt;package version&gt;-&lt;flavour&gt;).</param>
/// <param name="KernelVersion">The list's kernelversion (Ubuntu's carries a <c>~22.04</c> backport marker).</param>
/// <param name="HeaderUrls">The list's header package URLs.</param>
public sealed record KernelListEntry(string KernelRelease, string KernelVersion, IReadOnlyList<string> HeaderUrls);

/// <summary>One supported version of a distribution.</summary>
/// <param name="Id">The version as users write it: <c>24.04</c>, <c>12</c>, <c>stream10</c>, <c>2023</c>.</param>
/// <param name="FromImage">The public image the base image is built <c>FROM</c>, e.g. <c>debian:12</c>.</param>
/// <param name="Codename">The suite/codename where the distro has one (<c>bookworm</c>, <c>noble</c>).</param>
/// <param name="OsReleaseVersionId">VERSION_ID as /etc/os-release spells it on that version.</param>
/// <param name="RpmDist">The dist tag its RPM releases carry (<c>fc42</c>, <c>el9</c>, <c>amzn2023</c>), for RPM distributions.</param>
public sealed record DistroVersion(string Id, string FromImage, string? Codename, string OsReleaseVersionId, string? RpmDist = null);

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

    /// <summary>
    /// Where DKMS on this distribution installs a dkms.conf driver's modules, under <c>/lib/modules/&lt;release&gt;</c>, whatever
    /// its <c>DEST_MODULE_LOCATION</c> says (dkms's <c>override_dest_module_location</c>: <c>updates/dkms</c> on Debian and
    /// Ubuntu, <c>extra</c> on Fedora and RHEL's family). Null: DKMS keeps <c>DEST_MODULE_LOCATION</c> as written.
    /// </summary>
    public string? DkmsModuleDirectory { get; init; }

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

    /// <summary>How the base image's FROM image is made when it cannot be pulled.</summary>
    public BaseImageBootstrap Bootstrap { get; init; } = BaseImageBootstrap.None;

    /// <summary>Whether apt enables the version's <c>&lt;codename&gt;-backports</c> suite (from <c>--debian-mirror</c>), which <c>--kernel-release=latest-backports</c> also needs.</summary>
    public bool AptBackports { get; init; }

    /// <summary>The Koji instance of the <see cref="HeaderSourceKind.Koji"/> header source, or null.</summary>
    public KojiInstance? Koji { get; init; }

    /// <summary>
    /// The source package of an RPM kernel, from its upstream version and package release
    /// (<c>6.14.0</c>, <c>63.fc42</c>); by default <c>kernel</c>, or <c>kernel-rt</c> for a real-time release.
    /// </summary>
    public Func<string, string, RpmKernelSource> RpmKernelSourceOf { get; init; } = StandardRpmKernelSource;

    /// <summary>
    /// The kernels one kernel list entry stands for, each with its uname release and the header URLs it needs: by
    /// default the entry as given. Debian and Ubuntu read them from the arch-specific <c>linux-headers-&lt;release&gt;</c>
    /// packages the entry lists, one per flavour (<c>-rt-amd64</c>, <c>-cloud-amd64</c>, <c>-generic-64k</c>...), because
    /// the list's kernelrelease is not always <c>uname -r</c>. Empty when no release can be derived.
    /// </summary>
    public Func<KernelListEntry, Architecture, IReadOnlyList<KernelListEntry>> KernelsFromKernelList { get; init; } = (entry, _) => [entry];

    /// <summary>
    /// A distro version a kernel list entry names outside its release (Ubuntu's <c>~22.04</c> marker; an unsupported
    /// <c>.el7</c> for the report), or null. The entry's release is already in uname form.
    /// </summary>
    public Func<KernelListEntry, string?> VersionMarkerInKernelList { get; init; } = _ => null;

    /// <summary>
    /// The distro version of a kernel list entry whose release names no supported version: its marker
    /// (<see cref="VersionMarkerInKernelList"/>), else the release that shipped its kernel line, else null.
    /// </summary>
    public string? VersionFromKernelList(KernelListEntry entry) =>
        VersionMarkerInKernelList(entry) ?? VersionShippingKernelLine(entry.KernelRelease);

    /// <summary>The RPM kernel source of most distributions: <c>kernel</c>, or <c>kernel-rt</c> for a <c>.rt</c> release.</summary>
    public static RpmKernelSource StandardRpmKernelSource(string version, string release) =>
        new(release.Contains(".rt", StringComparison.Ordinal) ? "kernel-rt" : "kernel", null);

    /// <summary>The Dockerfile of this distribution's base images, relative to the repository root.</summary>
    public string Dockerfile => $"docker/Dockerfile.base.{Id}";

    public DistroVersion? FindVersion(string? id)
    {
        foreach (var version in Versions)
        {
            if (string.Equals(version.Id, id, StringComparison.Ordinal))
            {
                return version;
            }
        }

        return null;
    }

    public DistroVersion GetVersion(string id) =>
        FindVersion(id) ?? throw new ArgumentException($"{DisplayName} has no supported version '{id}'.", nameof(id));

    /// <summary>The local tag of the base image for one version and architecture: <c>kmodforge/base-debian:12-amd64</c>.</summary>
    public string BaseImageTag(DistroVersion version, Architecture arch) =>
        $"kmodforge/base-{Id}:{version.Id}-{arch.DebianName()}";

    public override string ToString() => Id;
}
