using KmodForge.Configuration;

namespace KmodForge.Coverage;

/// <summary>
/// Settings of the coverage report (<c>./build.sh --target=Report</c>). The kernel list is <c>--kernels-file</c> (the
/// matrix's); the release store, driver name and tag template are the driver build's settings.
/// </summary>
public sealed class CoverageSettings
{
    [Setting("driver-versions", "Driver versions the report covers (comma-separated); default: --driver-version.")]
    public IReadOnlyList<string> DriverVersions { get; set; } = [];

    [Setting("matrix-results", "The last matrix run's results (JSON, see docs/report.md): failed and not-applicable builds with reasons and run links; optional.")]
    public string? MatrixResults { get; set; }

    [Setting("report-dir", "Where the report site is written (index.html, coverage.json, coverage.js).")]
    public string ReportDirectory { get; set; } = "report";

    [Setting("report-lookups", "Release-store lookups the report runs at once (1 to 32).")]
    public int Lookups { get; set; } = 8;

    /// <summary>The driver versions to cover: <see cref="DriverVersions"/>, else <paramref name="fallback"/>; an error names both settings when neither is set.</summary>
    public IReadOnlyList<string> VersionsOr(string? fallback)
    {
        if (Lookups is < 1 or > 32)
        {
            throw new SettingsException([$"--report-lookups: {Lookups} is out of range; accepted: 1 to 32"]);
        }

        var versions = DriverVersions.Count > 0 ? DriverVersions : fallback is { Length: > 0 } ? [fallback] : [];
        return versions.Count > 0 ? versions
            : throw new SettingsException(["--driver-versions: (missing) the report needs the driver versions to cover (comma-separated), or --driver-version for one"]);
    }
}
