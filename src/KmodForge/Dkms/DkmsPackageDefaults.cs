using System.Text.RegularExpressions;

namespace KmodForge.Dkms;

/// <summary>
/// The PACKAGE_NAME and PACKAGE_VERSION of a module source's dkms.conf, read on the host WITHOUT evaluating the file:
/// only literal assignments (<c>PACKAGE_NAME="lttng-modules"</c>, <c>PACKAGE_VERSION=2.13.9</c>) count. They are the
/// defaults of the driver name and version before any container runs; a value computed by shell
/// (<c>PACKAGE_VERSION=$(…)</c>) is not read here, and the driver's name or version must then be given. The build
/// itself evaluates the file in the container (<see cref="DkmsConfScript"/>).
/// </summary>
public static partial class DkmsPackageDefaults
{
    public const string FileName = "dkms.conf";

    /// <summary>Whether the module source has a dkms.conf (and is built the dkms way).</summary>
    public static bool HasDkmsConf(string sourceDirectory) => File.Exists(Path.Combine(sourceDirectory, FileName));

    /// <summary>The literal PACKAGE_NAME and PACKAGE_VERSION (each null when absent or not a literal), or (null, null) without a dkms.conf.</summary>
    public static (string? Name, string? Version) Read(string sourceDirectory)
    {
        var path = Path.Combine(sourceDirectory, FileName);
        if (!File.Exists(path) || new FileInfo(path).Length > 1024 * 1024)
        {
            return (null, null);
        }

        string? name = null, version = null;
        foreach (var line in File.ReadLines(path))
        {
            var match = Assignment().Match(line);
            if (!match.Success)
            {
                continue;
            }

            var value = match.Groups["d"].Success ? match.Groups["d"].Value : match.Groups["s"].Success ? match.Groups["s"].Value : match.Groups["p"].Value;
            if (match.Groups["key"].Value == "PACKAGE_NAME")
            {
                name = value;
            }
            else
            {
                version = value;
            }
        }

        return (name, version);
    }

    /// <summary>
    /// The driver version a dkms.conf's PACKAGE_VERSION gives: as is when it is already a valid driver version, else
    /// with a leading 'v' (<c>2.13.9</c> → <c>v2.13.9</c>, as release tags spell versions), else null.
    /// </summary>
    public static string? DriverVersion(string? packageVersion, Func<string, bool> isValid) =>
        packageVersion is null ? null
        : isValid(packageVersion) ? packageVersion
        : isValid("v" + packageVersion) ? "v" + packageVersion
        : null;

    // A whole-line literal assignment: "…", '…' or a bare word of safe characters (nothing a shell would expand).
    [GeneratedRegex("""^\s*(?<key>PACKAGE_NAME|PACKAGE_VERSION)=(?:"(?<d>[A-Za-z0-9._+~:-]+)"|'(?<s>[A-Za-z0-9._+~:-]+)'|(?<p>[A-Za-z0-9._+~:-]+))\s*(?:#.*)?$""", RegexOptions.CultureInvariant)]
    private static partial Regex Assignment();
}
