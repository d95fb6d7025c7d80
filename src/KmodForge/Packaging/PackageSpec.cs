using KmodForge.Targets;

namespace KmodForge.Packaging;

/// <summary>One file to put in a package: where its bytes come from and where it is installed.</summary>
/// <param name="SourcePath">The file on disk.</param>
/// <param name="InstallPath">The absolute install path, e.g. <c>/lib/modules/6.1.0-28-amd64/extra/kfsample.ko</c>.</param>
/// <param name="Mode">Unix permission bits, e.g. 0o644.</param>
public sealed record PackageFile(string SourcePath, string InstallPath, int Mode = 0b110_100_100);

/// <summary>
/// Everything a package writer needs, format-neutral. Writers turn it into a .deb or an .rpm with the same layout,
/// the same scriptlets and the same metadata. Reproducible: the same spec and <see cref="SourceDateEpoch"/> give
/// byte-identical packages.
/// </summary>
public sealed record PackageSpec
{
    /// <summary>Native package name (includes the kernel release, see <see cref="Naming.PackageNaming.PackageName"/>).</summary>
    public required string Name { get; init; }

    /// <summary>Native version (see <see cref="Naming.PackageNaming.PackageVersion"/>).</summary>
    public required string Version { get; init; }

    /// <summary>Package release / Debian revision, e.g. "1".</summary>
    public string Release { get; init; } = "1";

    public required Architecture Architecture { get; init; }

    public required string KernelRelease { get; init; }

    public required string Summary { get; init; }

    public required string Description { get; init; }

    public required string Maintainer { get; init; }

    public string Vendor { get; init; } = "KmodForge";

    public required string License { get; init; }

    public string? Homepage { get; init; }

    /// <summary>Dependencies in the target format's own syntax (e.g. <c>linux-image-6.1.0-28-amd64</c> or <c>kernel-uname-r = 6.1...</c>).</summary>
    public IReadOnlyList<string> Depends { get; init; } = [];

    public IReadOnlyList<string> Provides { get; init; } = [];

    public required IReadOnlyList<PackageFile> Files { get; init; }

    /// <summary>Shell run after install (Debian postinst, RPM %post).</summary>
    public string? PostInstall { get; init; }

    /// <summary>Shell run after removal (Debian postrm, RPM %postun).</summary>
    public string? PostRemove { get; init; }

    /// <summary>All timestamps in the package (SOURCE_DATE_EPOCH), seconds since 1970.</summary>
    public required long SourceDateEpoch { get; init; }
}
