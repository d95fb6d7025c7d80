using System.Text.RegularExpressions;
using KmodForge.Errors;
using KmodForge.Targets;

namespace KmodForge.Images;

/// <summary>
/// How a Debian root filesystem is made offline (from Debian's archive, no registry): the debootstrap command, the apt
/// sources written into it, the cached tarball, and the image names it is imported under.
/// </summary>
/// <param name="Suite">The codename (<c>bookworm</c>).</param>
/// <param name="TarballPath">The cached root filesystem: <c>&lt;cache&gt;/rootfs/debian-12-amd64.tar</c>.</param>
/// <param name="RootfsImage">The per-architecture image it is imported as: <c>kmodforge/rootfs-debian:12-amd64</c>;
/// passed to the base image build as <c>BASE_IMAGE</c>, so amd64 and arm64 coexist.</param>
/// <param name="OfficialAlias">The official name it is also tagged as (<c>docker.io/library/debian:12</c>) so an
/// unchanged <c>FROM debian:12</c> builds offline; only for the host's architecture, whose plain pull it stands for.</param>
public sealed partial record DebootstrapPlan(
    string Suite, Architecture Architecture, string Mirror, string SecurityMirror, string TarballPath, string LockPath,
    string RootfsImage, string? OfficialAlias, string Platform)
{
    /// <summary>debootstrap's arguments (after the executable).</summary>
    public IReadOnlyList<string> DebootstrapArguments(string targetDirectory) =>
        ["--variant=minbase", "--arch=" + Architecture.DebianName(), Suite, targetDirectory, Mirror];

    /// <summary>
    /// mmdebstrap's hooks that set up merged-/usr the way debootstrap does (the <c>usr-is-merged</c> package), where
    /// Debian's mmdebstrap package puts them. Without them bookworm's alternative picks <c>usrmerge</c>, which brings
    /// perl: 96 packages and 162 MiB instead of debootstrap's 88 and 115 MiB.
    /// </summary>
    public const string MergedUsrHooks = "/usr/share/mmdebstrap/hooks/maybe-merged-usr";

    /// <summary>
    /// mmdebstrap's arguments (after the executable): the same minbase root filesystem as debootstrap's, written as a
    /// tar to <paramref name="tarPath"/>, installed from and left with the apt sources of <see cref="SourcesList"/> (so
    /// it is current with -updates and -security from the start). mmdebstrap removes apt's lists and caches itself.
    /// </summary>
    /// <param name="hooks">The <see cref="MergedUsrHooks"/> directory when it exists.</param>
    public IReadOnlyList<string> MmdebstrapArguments(string tarPath, string? hooks) =>
        ["--variant=minbase", "--architectures=" + Architecture.DebianName(), "--mode=root", "--format=tar", "--quiet",
         .. hooks is null ? Array.Empty<string>() : ["--hook-dir=" + hooks],
         Suite, tarPath, .. SourcesList.Split('\n', StringSplitOptions.RemoveEmptyEntries)];

    /// <summary>The apt sources of the root filesystem: the release, -updates and -security.</summary>
    public string SourcesList =>
        $"deb {Mirror} {Suite} main\n" +
        $"deb {Mirror} {Suite}-updates main\n" +
        $"deb {SecurityMirror} {Suite}-security main\n";

    /// <summary>tar's arguments to pack <paramref name="rootDirectory"/> into <paramref name="tarPath"/>.</summary>
    public static IReadOnlyList<string> TarArguments(string rootDirectory, string tarPath) =>
        ["--create", "--file", tarPath, "--numeric-owner", "--directory", rootDirectory, "."];

    public static DebootstrapPlan For(DistroVersion version, Architecture architecture, BaseImageSettings settings, Architecture? host)
    {
        var suite = version.Codename is { } c && SuiteShape().IsMatch(c)
            ? c
            : throw new ArgumentException($"Debian {version.Id} has no usable codename ({Printable.Quote(version.Codename)}); debootstrap needs one.", nameof(version));
        var cache = settings.ResolvedCacheDirectory;
        var name = $"debian-{version.Id}-{architecture.DebianName()}";
        string? alias = architecture == host ? QualifiedOfficialName(version.FromImage) : null;
        return new DebootstrapPlan(
            suite,
            architecture,
            MirrorUrl("debian-mirror", settings.DebianMirror),
            MirrorUrl("debian-security-mirror", settings.DebianSecurityMirror),
            Path.Combine(cache, "rootfs", name + ".tar"),
            Path.Combine(cache, "locks", "rootfs-" + name + ".lock"),
            $"kmodforge/rootfs-debian:{version.Id}-{architecture.DebianName()}",
            alias,
            architecture.OciPlatform());
    }

    /// <summary><c>debian:12</c> → <c>docker.io/library/debian:12</c> (the name both engines resolve it to).</summary>
    public static string QualifiedOfficialName(string image) =>
        image.Contains('/', StringComparison.Ordinal) ? image : "docker.io/library/" + image;

    /// <summary>A mirror URL must be plain http(s) with no spaces or quotes: it lands in a command line and apt sources.</summary>
    public static string MirrorUrl(string field, string value) =>
        Uri.TryCreate(value, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps)
            && MirrorShape().IsMatch(value)
            ? value.TrimEnd('/')
            : throw new Containers.Tooling.ContainerInputException(new FieldError(field, value, "is not a mirror URL: expected http(s)://host/path using letters, digits and - . _ ~ / : only"));

    [GeneratedRegex("^[a-z]{2,32}$", RegexOptions.CultureInvariant)]
    private static partial Regex SuiteShape();

    [GeneratedRegex(@"^https?://[A-Za-z0-9.-]+(?::[0-9]{1,5})?(?:/[A-Za-z0-9._~-]*)*/?$", RegexOptions.CultureInvariant)]
    private static partial Regex MirrorShape();
}
