namespace KmodForge.Coverage;

/// <summary>Where one kernel × driver version stands.</summary>
public enum CoverageStatus
{
    /// <summary>In the release store, with its checksum.</summary>
    Published,

    /// <summary>The last matrix run built it and the build failed.</summary>
    Failed,

    /// <summary>The driver does not build for this kernel (the matrix said so, or the kernel is outside the registry).</summary>
    NotApplicable,

    /// <summary>Listed, but neither published nor failed: not built yet.</summary>
    Missing,
}

public static class CoverageStatusNames
{
    public static string JsonName(this CoverageStatus status) => status switch
    {
        CoverageStatus.Published => "published",
        CoverageStatus.Failed => "failed",
        CoverageStatus.NotApplicable => "not_applicable",
        _ => "missing",
    };
}

/// <summary>One kernel × driver version on the report.</summary>
public sealed record CoverageRow(
    string KernelRelease,
    string DriverVersion,
    CoverageStatus Status,
    string? FileName = null,
    string? Url = null,
    long? Size = null,
    string? Sha256 = null,
    string? Reason = null,
    string? RunUrl = null);

/// <summary>The rows of one distribution, distro version and architecture, newest kernel first.</summary>
public sealed record CoverageGroup(string Distribution, string DistroVersion, string Architecture, IReadOnlyList<CoverageRow> Rows);

/// <summary>The whole report: what the page reads.</summary>
public sealed record CoverageReport(
    DateTimeOffset GeneratedAt,
    string DriverName,
    IReadOnlyList<string> DriverVersions,
    string ReleaseStore,
    string? MatrixId,
    string? MatrixRunUrl,
    IReadOnlyList<CoverageGroup> Groups)
{
    /// <summary>Rows per distribution and status.</summary>
    public IReadOnlyDictionary<string, IReadOnlyDictionary<CoverageStatus, int>> Counts() =>
        Groups.GroupBy(g => g.Distribution, StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal).ToDictionary(
            g => g.Key,
            g => (IReadOnlyDictionary<CoverageStatus, int>)Enum.GetValues<CoverageStatus>().ToDictionary(s => s, s => g.Sum(x => x.Rows.Count(r => r.Status == s))),
            StringComparer.Ordinal);
}
