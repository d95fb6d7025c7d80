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

    [Setting("matrix-results", "The last matrix run's results (JSON, see docs/report.md), or a directory of them (one per chunk run, merged): failed and not-applicable builds with reasons and run links; optional.")]
    public string? MatrixResults { get; set; }

    [Setting("matrix-outcome-file", "Where the build host records how this build ended (published, failed or not applicable, with the reason) for the nightly's results; matrix-build.yml sets it.")]
    public string? MatrixOutcomeFile { get; set; }

    [Setting("job-status", "The MatrixOutcome task's input: how the build job ended so far (GitHub's job.status), for the record of a build that recorded nothing.")]
    public string? JobStatus { get; set; }

    [Setting("matrix-outcomes-dir", "The MatrixResults task's input: a directory of build outcome records (--matrix-outcome-file), merged into --matrix-results.")]
    public string? MatrixOutcomesDirectory { get; set; }

    [Setting("matrix-id", "The nightly matrix run the merged results belong to (MatrixResults task).")]
    public string? MatrixId { get; set; }

    [Setting("report-dir", "Where the report site is written (index.html, coverage.json, coverage.js).")]
    public string ReportDirectory { get; set; } = "report";

    /// <summary>The driver versions to cover: <see cref="DriverVersions"/>, else <paramref name="fallback"/>; an error names both settings when neither is set.</summary>
    public IReadOnlyList<string> VersionsOr(string? fallback)
    {
        var versions = DriverVersions.Count > 0 ? DriverVersions : fallback is { Length: > 0 } ? [fallback] : [];
        return versions.Count > 0 ? versions
            : throw new SettingsException(["--driver-versions: (missing) the report needs the driver versions to cover (comma-separated), or --driver-version for one"]);
    }
}
