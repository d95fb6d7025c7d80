using System.Text.RegularExpressions;
using KmodForge.Configuration;
using KmodForge.Errors;
using KmodForge.Targets;

namespace KmodForge.Naming;

/// <summary>
/// Names shared by the publisher and the loader, so both compute the same file name and release tag from a target.
/// </summary>
public static partial class PackageNaming
{
    /// <summary>
    /// The default release tag template, the one definition the build host, the matrix, the service and the loader
    /// share: one GitHub release per driver version, distribution, distro version and architecture
    /// (<c>v1.4.0-ubuntu-22.04-x86_64</c>), so that a release holds one shard's packages. At three assets a package
    /// (package, <c>.sha256</c>, signature) a shard holds <see cref="PackagesPerRelease"/> kernels before GitHub's
    /// 1,000-asset cap (docs/github.md, "Asset budget").
    /// </summary>
    public const string DefaultReleaseTagTemplate = "{driver_version}-{distribution}-{distro_version}-{arch}";

    /// <summary>GitHub's limit of assets in one release.</summary>
    public const int MaxAssetsPerRelease = 1000;

    /// <summary>Assets budgets plan for per package: the package, its <c>.sha256</c> and its signature (<c>.minisig</c>).</summary>
    public const int AssetsPerPackage = 3;

    /// <summary>Packages one release holds at <see cref="AssetsPerPackage"/> assets each: 333.</summary>
    public const int PackagesPerRelease = MaxAssetsPerRelease / AssetsPerPackage;

    /// <summary>The driver the settings of the build host, the matrix, the service and the loader name by default (samples/).</summary>
    public const string DefaultDriverName = "kmodforge-sample";

    /// <summary>
    /// The package file name: <c>&lt;driver&gt;-&lt;distro&gt;-&lt;distro_version&gt;-&lt;kernel&gt;_&lt;driver_version&gt;_&lt;arch&gt;.&lt;ext&gt;</c>,
    /// e.g. <c>riptides-driver-ubuntu-24.04-6.14.0-1021-gcp_v0.1.2_amd64.deb</c>. The distro version is part of it
    /// because one kernel release can ship on two distro versions, built by different compilers.
    /// </summary>
    public static string FileName(string driverName, BuildTarget target)
    {
        RequireDriverName(driverName);
        return $"{driverName}-{target.Distribution.Id}-{target.DistroVersion.Id}-{target.KernelRelease}_{target.DriverVersion}_{target.Format.ArchName(target.Architecture)}.{target.Format.Extension()}";
    }

    /// <summary>The checksum file published beside a package.</summary>
    public static string ChecksumFileName(string packageFileName) => packageFileName + ".sha256";

    /// <summary>
    /// The native package name, which includes the kernel release so two kernels' packages install side by side:
    /// <c>kmodforge-sample-6.1.0-28-amd64</c>. Lowercase, as Debian requires.
    /// </summary>
    public static string PackageName(string driverName, BuildTarget target)
    {
        RequireDriverName(driverName);
        var kernel = PackageNameUnsafe().Replace(target.KernelRelease.ToLowerInvariant(), "-");
        return $"{driverName}-{kernel}";
    }

    /// <summary>The native package version from the driver version: <c>v0.5.16</c> → <c>0.5.16</c>, <c>v1.0.0-rc.1</c> → <c>1.0.0~rc.1</c>.</summary>
    public static string PackageVersion(string driverVersion)
    {
        var v = driverVersion.StartsWith('v') ? driverVersion[1..] : driverVersion;
        var plus = v.IndexOf('+');
        var core = plus >= 0 ? v[..plus] : v;
        var dash = core.IndexOf('-');
        // A pre-release sorts before its release in both dpkg and rpm when written with '~'.
        return dash >= 0 ? core[..dash] + "~" + core[(dash + 1)..] : core;
    }

    /// <summary>Throws a <see cref="SettingsException"/> naming <c>--release-tag-template</c> when the template has an unknown placeholder.</summary>
    public static void RequireReleaseTagTemplate(string template)
    {
        var unknown = TemplatePlaceholder().Matches(template).Select(m => m.Value)
            .Where(p => p is not ("{driver_version}" or "{distribution}" or "{distro_version}" or "{arch}")).ToList();
        if (unknown.Count > 0)
        {
            throw new SettingsException([
                $"--release-tag-template: {Printable.Quote(template)} has unknown placeholders {string.Join(", ", unknown)}; accepted: {{driver_version}}, {{distribution}}, {{distro_version}}, {{arch}}"]);
        }
    }

    /// <summary>
    /// The release tag for a target from a template with the placeholders <c>{driver_version}</c>, <c>{distribution}</c>,
    /// <c>{distro_version}</c> and <c>{arch}</c> (sharding releases keeps each under GitHub's asset cap).
    /// </summary>
    public static string ReleaseTag(BuildTarget target, string template = DefaultReleaseTagTemplate)
    {
        RequireReleaseTagTemplate(template);
        var tag = template
            .Replace("{driver_version}", target.DriverVersion, StringComparison.Ordinal)
            .Replace("{distribution}", target.Distribution.Id, StringComparison.Ordinal)
            .Replace("{distro_version}", target.DistroVersion.Id, StringComparison.Ordinal)
            .Replace("{arch}", target.Architecture.KernelName(), StringComparison.Ordinal);
        if (!SafeTag().IsMatch(tag))
        {
            throw new SettingsException([$"--release-tag-template: {Printable.Quote(template)} gives {Printable.Quote(tag)}, which is not a safe tag (letters, digits, . _ + -)"]);
        }

        return tag;
    }

    /// <summary>Returns the driver name when valid; throws <see cref="TargetValidationException"/> naming the field otherwise.</summary>
    internal static string RequireDriverName(string driverName)
    {
        if (InputRules.DriverName(driverName) is { } problem)
        {
            throw new TargetValidationException([new FieldError("driver_name", driverName, problem)]);
        }

        return driverName;
    }

    [GeneratedRegex(@"[^a-z0-9.+-]", RegexOptions.CultureInvariant)]
    private static partial Regex PackageNameUnsafe();

    [GeneratedRegex(@"\{[^}]*\}", RegexOptions.CultureInvariant)]
    private static partial Regex TemplatePlaceholder();

    [GeneratedRegex(@"^[A-Za-z0-9][A-Za-z0-9._+-]{0,127}\z", RegexOptions.CultureInvariant)]
    private static partial Regex SafeTag();
}
