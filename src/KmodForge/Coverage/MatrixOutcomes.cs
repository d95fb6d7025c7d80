using System.Text.Json;
using KmodForge.Errors;
using KmodForge.IO;

namespace KmodForge.Coverage;

/// <summary>What a build was asked to build, as the matrix names it (raw values: a build that failed on bad input still has a row).</summary>
public sealed record MatrixBuildKey(string Distribution, string DistroVersion, string Architecture, string KernelRelease, string DriverVersion);

/// <summary>
/// The nightly's per-build outcomes and their merge into a matrix results file. Each build job of
/// <c>matrix-build.yml</c> leaves one record (a <see cref="MatrixResult"/> whose outcome is <c>published</c>,
/// <c>failed</c> or <c>not_applicable</c>; the build host writes it, see <c>--matrix-outcome-file</c>), and the run's
/// <c>results</c> job merges the chunk's records into one results file (format 1: only what did not publish, since the
/// release store is the truth about what did).
/// </summary>
public static partial class MatrixOutcomes
{
    public const string Published = "published";
    public const string Failed = "failed";
    public const string NotApplicable = "not_applicable";

    private static readonly JsonSerializerOptions Options = new() { RespectNullableAnnotations = true, RespectRequiredConstructorParameters = true };

    /// <summary>Reasons are cut to this many characters: a record is a line of the report, not a log.</summary>
    public const int MaxReasonLength = 2000;

    /// <summary>
    /// One build's record from how it ended: <paramref name="failure"/> null is published; exit code
    /// <see cref="ExitCodes.NotApplicable"/> is not applicable; anything else failed, with the message as the reason.
    /// </summary>
    public static MatrixResult Of(MatrixBuildKey target, FailureReport? failure, string? runUrl)
    {
        var outcome = failure is null ? Published : failure.ExitCode == ExitCodes.NotApplicable ? NotApplicable : Failed;
        var reason = failure?.Message.Trim();
        if (outcome == NotApplicable && reason is not null && reason.StartsWith("not applicable: ", StringComparison.Ordinal))
        {
            reason = reason["not applicable: ".Length..];
        }

        reason = reason is { Length: > MaxReasonLength } ? reason[..MaxReasonLength] + "…" : reason;
        return new MatrixResult(target.Distribution, target.DistroVersion, target.Architecture, target.KernelRelease, target.DriverVersion, outcome, reason, runUrl);
    }

    /// <summary>
    /// The link to this Actions run (<c>{GITHUB_SERVER_URL}/{GITHUB_REPOSITORY}/actions/runs/{GITHUB_RUN_ID}</c>, with
    /// <c>/attempts/{n}</c> after the first attempt), or null outside Actions or when a variable is not what GitHub sets.
    /// </summary>
    public static string? RunUrl(Func<string, string?> environment)
    {
        var (server, repository, id, attempt) = (environment("GITHUB_SERVER_URL"), environment("GITHUB_REPOSITORY"), environment("GITHUB_RUN_ID"), environment("GITHUB_RUN_ATTEMPT"));
        if (!Uri.TryCreate(server, UriKind.Absolute, out var root) || root.Scheme is not ("https" or "http") || !string.IsNullOrEmpty(root.Query)
            || repository is null || !Repository().IsMatch(repository) || id is null || !Digits().IsMatch(id))
        {
            return null;
        }

        var url = $"{root.GetLeftPart(UriPartial.Path).TrimEnd('/')}/{repository}/actions/runs/{id}";
        return attempt is { } a && Digits().IsMatch(a) && a != "1" ? $"{url}/attempts/{a}" : url;
    }

    /// <summary>Writes one build's record, atomically.</summary>
    public static void Write(string path, MatrixResult outcome)
    {
        if (outcome.Outcome is not (Published or Failed or NotApplicable))
        {
            throw new ArgumentException($"outcome {Printable.Quote(outcome.Outcome)}; accepted: {Published}, {Failed}, {NotApplicable}", nameof(outcome));
        }

        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        AtomicFile.WriteAllText(path, JsonSerializer.Serialize(outcome));
    }

    /// <summary>Reads one record; a problem names the file.</summary>
    public static MatrixResult Read(string path)
    {
        MatrixResult? outcome;
        try
        {
            outcome = JsonSerializer.Deserialize<MatrixResult>(File.ReadAllBytes(path), Options);
        }
        catch (Exception e) when (e is JsonException or IOException)
        {
            throw new ReportInputException($"--matrix-outcomes-dir: {Printable.Quote(path)} is not a build outcome record: {e.Message}", e);
        }

        return outcome is { Outcome: Published or Failed or NotApplicable }
            ? outcome
            : throw new ReportInputException($"--matrix-outcomes-dir: {Printable.Quote(path)} $.outcome is {Printable.Quote(outcome?.Outcome)}; accepted: {Published}, {Failed}, {NotApplicable}");
    }

    /// <summary>Merges every <c>*.json</c> record under <paramref name="directory"/> (in name order) into a results file's content, and counts the outcomes.</summary>
    public static (MatrixResults Results, IReadOnlyDictionary<string, int> Counts) Merge(string directory, string? matrixId, string? runUrl)
    {
        var records = Directory.Exists(directory)
            ? Directory.EnumerateFiles(directory, "*.json", SearchOption.AllDirectories).Order(StringComparer.Ordinal).Select(Read).ToList()
            : [];
        var counts = new[] { Published, Failed, NotApplicable }.ToDictionary(o => o, o => records.Count(r => r.Outcome == o), StringComparer.Ordinal);
        return (new MatrixResults(MatrixResults.CurrentFormat, [.. records.Where(r => r.Outcome != Published)], matrixId, runUrl), counts);
    }

    [System.Text.RegularExpressions.GeneratedRegex(@"^[A-Za-z0-9-]{1,39}/[A-Za-z0-9._-]{1,100}\z", System.Text.RegularExpressions.RegexOptions.CultureInvariant)]
    private static partial System.Text.RegularExpressions.Regex Repository();

    [System.Text.RegularExpressions.GeneratedRegex(@"^[0-9]{1,20}\z", System.Text.RegularExpressions.RegexOptions.CultureInvariant)]
    private static partial System.Text.RegularExpressions.Regex Digits();

    /// <summary>Writes a results file atomically.</summary>
    public static void WriteResults(string path, MatrixResults results)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        AtomicFile.WriteAllText(path, JsonSerializer.Serialize(results));
    }
}
