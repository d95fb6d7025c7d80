using System.Text.RegularExpressions;

namespace KmodForge.Targets;

/// <summary>
/// The one table of supported distributions. Adding a distro version is one line here (plus, for a new distribution,
/// its Dockerfile); validation, defaults, naming, base images, header sources and the matrix all read from it.
/// </summary>
public static partial class DistroRegistry
{
    public static readonly Distribution Ubuntu = new()
    {
        Id = "ubuntu",
        DkmsModuleDirectory = "updates/dkms",
        DisplayName = "Ubuntu",
        Format = PackageFormat.Deb,
        Versions =
        [
            new("22.04", "ubuntu:22.04", "jammy", "22.04"),
            new("24.04", "ubuntu:24.04", "noble", "24.04"),
            new("25.10", "ubuntu:25.10", "questing", "25.10"),
            new("26.04", "ubuntu:26.04", "resolute", "26.04"),
        ],
        DefaultVersion = "24.04",
        OsReleaseIds = ["ubuntu"],
        KernelLines = new Dictionary<string, string>
        {
            ["3.13"] = "14.04", ["4.4"] = "16.04", ["4.15"] = "18.04", ["4.18"] = "18.10", ["5.0"] = "19.04", ["5.3"] = "19.10",
            ["5.4"] = "20.04", ["5.8"] = "20.10", ["5.11"] = "21.04", ["5.13"] = "21.10", ["5.15"] = "22.04", ["5.19"] = "22.10",
            ["6.2"] = "23.04", ["6.5"] = "23.10", ["6.8"] = "24.04", ["6.11"] = "24.10", ["6.14"] = "25.04", ["6.17"] = "25.10", ["7.0"] = "26.04",
        },
        // <upstream>-<ABI>-<flavour>: 6.8.0-48-generic, 6.14.0-1021-gcp, 5.15.0-1004-intel-iotg, 5.15.0-24-lowlatency-hwe-5.15
        KernelReleasePattern = UbuntuRelease(),
        KernelReleaseExample = "6.8.0-48-generic",
        KernelDependencyTemplate = "linux-image-{release} | linux-image-unsigned-{release}",
        HeaderSources = [HeaderSourceKind.Apt, HeaderSourceKind.Url],
        KernelBuildDirectory = release => $"/usr/src/linux-headers-{release}",
        LatestHeadersMetaPackage = _ => "linux-headers-generic",
        VersionFromRelease = _ => null,
        ArchitectureFromRelease = _ => null,
        VersionMarkerInKernelList = UbuntuSeriesMarker,
        KernelsFromKernelList = DebHeaderFlavours(IsUbuntuUname),
    };

    public static readonly Distribution Debian = new()
    {
        Id = "debian",
        DkmsModuleDirectory = "updates/dkms",
        DisplayName = "Debian",
        Format = PackageFormat.Deb,
        Versions =
        [
            new("12", "debian:12", "bookworm", "12"),
            new("13", "debian:13", "trixie", "13"),
        ],
        DefaultVersion = "12",
        OsReleaseIds = ["debian"],
        KernelLines = new Dictionary<string, string> { ["3.16"] = "8", ["4.9"] = "9", ["4.19"] = "10", ["5.10"] = "11", ["6.1"] = "12", ["6.12"] = "13" },
        // 6.1.0-28-amd64, 6.1.0-28-cloud-amd64, 6.12.38+deb13-amd64, 6.12.43+deb12-arm64, 6.5.0-0.deb12.4-amd64
        KernelReleasePattern = DebianRelease(),
        KernelReleaseExample = "6.1.0-28-amd64",
        KernelDependencyTemplate = "linux-image-{release} | linux-image-{release}-unsigned",
        HeaderSources = [HeaderSourceKind.Apt, HeaderSourceKind.Url],
        KernelBuildDirectory = release => $"/usr/src/linux-headers-{release}",
        LatestHeadersMetaPackage = arch => $"linux-headers-{arch.DebianName()}",
        // +deb13 / .deb12 / ~bpo12 name the suite (a +bpo release names none: its header package version's ~bpo12+ does); a classic <maj>.<min>.0-<abi> release names it by its kernel line.
        VersionFromRelease = release =>
        {
            var m = DebianVersionMarker().Match(release);
            if (m.Success)
            {
                return m.Groups["v"].Value;
            }

            var classic = DebianClassicRelease().Match(release);
            // Debian 13 onwards names itself (+deb13); only the classic lines derive from the table.
            return classic.Success && Debian!.KernelLines.GetValueOrDefault(classic.Groups["line"].Value) is { } v && v != "13" ? v : null;
        },
        ArchitectureFromRelease = release =>
        {
            var m = DebianRelease().Match(release);
            return m.Success && ArchitectureNames.TryParse(m.Groups["arch"].Value, out var a) ? a : null;
        },
        Bootstrap = BaseImageBootstrap.Debootstrap,
        AptBackports = true,
        KernelsFromKernelList = DebHeaderFlavours(release => DebianRelease().IsMatch(release)),
        VersionMarkerInKernelList = DebianBackportMarker,
    };

    public static readonly Distribution Fedora = new()
    {
        Id = "fedora",
        DkmsModuleDirectory = "extra",
        DisplayName = "Fedora",
        Format = PackageFormat.Rpm,
        Versions =
        [
            new("42", "fedora:42", null, "42", RpmDist: "fc42"),
            new("43", "fedora:43", null, "43", RpmDist: "fc43"),
        ],
        DefaultVersion = "43",
        OsReleaseIds = ["fedora"],
        KernelReleasePattern = FedoraRelease(),
        KernelReleaseExample = "6.14.0-63.fc42.x86_64",
        KernelDependencyTemplate = "kernel-uname-r = {release}",
        HeaderSources = [HeaderSourceKind.Dnf, HeaderSourceKind.Url, HeaderSourceKind.Koji],
        KernelBuildDirectory = release => $"/usr/src/kernels/{release}",
        VersionFromRelease = release => RpmReleaseVersion(FedoraRelease(), release, ".fc", string.Empty, Fedora!),
        ArchitectureFromRelease = RpmArch,
        Koji = new("https://koji.fedoraproject.org/kojihub", "https://kojipkgs.fedoraproject.org"),
        VersionMarkerInKernelList = RpmDistMarker(string.Empty),
    };

    public static readonly Distribution CentOS = new()
    {
        Id = "centos",
        DkmsModuleDirectory = "extra",
        DisplayName = "CentOS Stream",
        Format = PackageFormat.Rpm,
        Versions =
        [
            new("stream9", "quay.io/centos/centos:stream9", null, "9", RpmDist: "el9"),
            new("stream10", "quay.io/centos/centos:stream10", null, "10", RpmDist: "el10"),
        ],
        DefaultVersion = "stream10",
        OsReleaseIds = ["centos"],
        KernelReleasePattern = CentOSRelease(),
        KernelReleaseExample = "5.14.0-570.el9.x86_64",
        // aarch64's 64k-page kernels too: 5.14.0-570.el9.aarch64+64k (kernel-64k-devel; headers in /usr/src/kernels/<release>).
        KernelDependencyTemplate = "kernel-uname-r = {release}",
        HeaderSources = [HeaderSourceKind.Dnf, HeaderSourceKind.Url, HeaderSourceKind.Koji],
        KernelBuildDirectory = release => $"/usr/src/kernels/{release}",
        VersionFromRelease = release => RpmReleaseVersion(CentOSRelease(), release, ".el", "stream", CentOS!),
        ArchitectureFromRelease = RpmArch,
        // The seed's "cbs"; the real CBS (https://cbs.centos.org/kojihub) is another Koji, for SIG packages.
        Koji = new("https://kojihub.stream.centos.org/kojihub", "https://kojihub.stream.centos.org/kojifiles"),
        VersionMarkerInKernelList = RpmDistMarker("stream"),
    };

    public static readonly Distribution AmazonLinux = new()
    {
        Id = "amazonlinux",
        DisplayName = "Amazon Linux",
        Format = PackageFormat.Rpm,
        Versions =
        [
            new("2023", "amazonlinux:2023", null, "2023", RpmDist: "amzn2023"),
        ],
        DefaultVersion = "2023",
        OsReleaseIds = ["amzn"],
        KernelReleasePattern = AmazonLinuxRelease(),
        KernelReleaseExample = "6.12.58-82.121.amzn2023.x86_64",
        KernelDependencyTemplate = "kernel-uname-r = {release}",
        HeaderSources = [HeaderSourceKind.Dnf, HeaderSourceKind.Url, HeaderSourceKind.Livepatch],
        KernelBuildDirectory = release => $"/usr/src/kernels/{release}",
        VersionFromRelease = release => RpmReleaseVersion(AmazonLinuxRelease(), release, ".amzn", string.Empty, AmazonLinux!),
        ArchitectureFromRelease = RpmArch,
        RpmKernelSourceOf = AmazonLinuxKernelSource,
        VersionMarkerInKernelList = RpmDistMarker(string.Empty),
    };

    /// <summary>The supported distributions, as a catalog validation and the kernel lists look ids up in.</summary>
    public static DistroCatalog Default { get; } = new([Ubuntu, Debian, Fedora, CentOS, AmazonLinux]);

    /// <summary>Every supported distribution, in a stable order.</summary>
    public static IReadOnlyList<Distribution> All => Default.All;

    public static Distribution? Find(string? id) => Default.Find(id);

    public static Distribution Get(string id) => Default.Get(id);

    /// <summary>Every (distribution, version) pair, for base images and the matrix.</summary>
    public static IEnumerable<(Distribution Distribution, DistroVersion Version)> AllVersions() => Default.AllVersions();

    /// <summary>The arch of an RPM release: its last dot-separated part, before a <c>+64k</c>-style page-size variant.</summary>
    private static Architecture? RpmArch(string release)
    {
        var dot = release.LastIndexOf('.');
        var arch = dot >= 0 ? release[(dot + 1)..] : string.Empty;
        var plus = arch.IndexOf('+', StringComparison.Ordinal);
        arch = plus >= 0 ? arch[..plus] : arch;
        return ArchitectureNames.TryParse(arch, out var a) && a.RpmName() == arch ? a : null;
    }

    [GeneratedRegex(@"^\d+\.\d+\.\d+-\d+-[a-z][a-z0-9]*(?:-[a-z0-9.]+)*\z", RegexOptions.CultureInvariant)]
    private static partial Regex UbuntuRelease();

    // Classic releases always carry patch level 0 (6.1.0-28); the upstream patch level appears only with +debNN/+bpo.
    [GeneratedRegex(@"^\d+\.\d+(?:\.0-\d+(?:\.deb\d+\.\d+)?|\.\d+\+(?:deb|bpo)\d*[0-9a-z.+]*)-(?:(?:cloud|rt)-)?(?<arch>amd64|arm64)(?:-16k)?\z", RegexOptions.CultureInvariant)]
    private static partial Regex DebianRelease();

    [GeneratedRegex(@"(?:\+deb|~bpo|\.deb)(?<v>\d+)", RegexOptions.CultureInvariant)]
    private static partial Regex DebianVersionMarker();

    [GeneratedRegex(@"^(?<line>\d+\.\d+)\.0-\d+-", RegexOptions.CultureInvariant)]
    private static partial Regex DebianClassicRelease();

    [GeneratedRegex(@"^\d+\.\d+\.\d+-\d+(?:\.[0-9a-z_]+)*\.fc(?<v>\d+)\.(?:x86_64|aarch64)\z", RegexOptions.CultureInvariant)]
    private static partial Regex FedoraRelease();

    // aarch64 also has the 64k-page kernel (kernel-64k, kernel-rt-64k), whose uname -r ends in +64k: 5.14.0-570.el9.aarch64+64k.
    [GeneratedRegex(@"^\d+\.\d+\.\d+-\d+(?:\.[0-9a-z_]+)*\.el(?<v>\d+)(?:_\d+)?\.(?:x86_64|aarch64(?:\+64k)?)\z", RegexOptions.CultureInvariant)]
    private static partial Regex CentOSRelease();

    [GeneratedRegex(@"^\d+\.\d+\.\d+-\d+(?:\.\d+)*\.amzn(?<v>20\d\d)\.(?:x86_64|aarch64)\z", RegexOptions.CultureInvariant)]
    private static partial Regex AmazonLinuxRelease();
}
