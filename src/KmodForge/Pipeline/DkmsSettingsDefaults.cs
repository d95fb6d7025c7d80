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
        var source = Path.GetFullPath(settings.ModuleSource, baseDirectory);
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
}
