using KmodForge.Configuration;

namespace KmodForge.Packaging;

/// <summary>The package metadata a user may set (<c>--package-maintainer=...</c> or <c>KMODFORGE_PACKAGE_MAINTAINER</c>).</summary>
public sealed class PackageMetadataSettings
{
    [Setting("package-maintainer", "Maintainer of the packages, 'Name <email>' (Debian Maintainer, RPM Packager)")]
    public string Maintainer { get; init; } = "KmodForge Builder <kmodforge@example.invalid>";

    [Setting("package-vendor", "Vendor recorded in RPM packages")]
    public string Vendor { get; init; } = "KmodForge";

    [Setting("package-license", "License of the packaged module, as an SPDX expression (RPM License)")]
    public string License { get; init; } = "GPL-2.0-only";

    [Setting("package-description", "Description of the packages; empty gives one naming the driver, version and kernel")]
    public string? Description { get; init; }

    [Setting("package-homepage", "Homepage URL recorded in the packages")]
    public string? Homepage { get; init; }

    [Setting("package-release", "Package release / Debian revision (letters, digits, '.', '+', '~')")]
    public string Release { get; init; } = "1";
}
