using KmodForge.Dkms;
using KmodForge.Errors;
using KmodForge.Naming;
using KmodForge.Targets;

namespace KmodForge.Pipeline;

/// <summary>
/// A module source with a dkms.conf names its driver: its PACKAGE_NAME and PACKAGE_VERSION become the driver name and
/// version when the settings leave them unset (the name at its default). Read without evaluating the file
/// (<see cref="DkmsPackageDefaults"/>); the values go through the same validation as the options.
/// </summary>
public static class DkmsSettingsDefaults
{
    public static DriverBuildSettings Apply(DriverBuildSettings settings, string baseDirectory)
    {
        var source = SourceDirectory(settings, baseDirectory);
        var nameUnset = settings.DriverName == PackageNaming.DefaultDriverName;
        if ((!nameUnset && settings.DriverVersion is not null) || !DkmsPackageDefaults.HasDkmsConf(source))
        {
            return settings;
        }

        var (name, version) = DkmsPackageDefaults.Read(source);
        var result = settings;
        if (nameUnset && name is not null)
        {
            // dkms names may use '_' and capitals (librem_ec_acpi); package names may not.
            var driverName = name.ToLowerInvariant().Replace('_', '-');
            if (InputRules.DriverName(driverName) is { } problem)
            {
                throw new TargetValidationException([new FieldError("--driver-name", name, $"(dkms.conf's PACKAGE_NAME, the default) {problem}; give --driver-name")]);
            }

            result = result with { DriverName = driverName };
        }

        if (settings.DriverVersion is null && version is not null)
        {
            var driverVersion = DkmsPackageDefaults.DriverVersion(version, v => InputRules.DriverVersion(v) is null)
                ?? throw new TargetValidationException([new FieldError("--driver-version", version,
                    $"(dkms.conf's PACKAGE_VERSION, the default) {InputRules.DriverVersion(version)}; give --driver-version")]);
            result = result with { DriverVersion = driverVersion };
        }

        return result;
    }

    /// <summary>
    /// The directory whose dkms.conf names the driver: the source directory itself, or the tree of a DKMS package or a
    /// tarball, materialized once under the work directory (the source phase reuses it: same content, same directory).
    /// A git source is not fetched for this: its dkms.conf gives no defaults, so the names are given as settings.
    /// </summary>
    private static string SourceDirectory(DriverBuildSettings settings, string baseDirectory)
    {
        var spec = Sources.ModuleSourceParser.Parse(settings.ModuleSource, settings.ModuleSourceRef, baseDirectory);
        return spec.Kind switch
        {
            Sources.ModuleSourceKind.Package or Sources.ModuleSourceKind.Tarball =>
                // Local files only (no network): extracting synchronously is what the settings stage can do.
                new Sources.ModuleSourceResolver(Diagnostics.NullBuildLog.Instance)
                    .ResolveAsync(spec, Path.GetFullPath(settings.WorkDirectory, baseDirectory), CancellationToken.None).GetAwaiter().GetResult(),
            Sources.ModuleSourceKind.Directory => spec.Location,
            _ => Path.GetFullPath(settings.ModuleSource, baseDirectory),
        };
    }
}
