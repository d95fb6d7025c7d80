using System.Text.Json;
using System.Text.Json.Serialization;
using KmodForge.Errors;

namespace KmodForge.Coverage;

/// <summary>One build of the last matrix run that did not publish: failed, or not applicable to its kernel.</summary>
public sealed record MatrixResult(
    [property: JsonPropertyName("distribution")] string Distribution,
    [property: JsonPropertyName("distro_version")] string DistroVersion,
    [property: JsonPropertyName("architecture")] string Architecture,
    [property: JsonPropertyName("kernel_release")] string KernelRelease,
    [property: JsonPropertyName("driver_version")] string DriverVersion,
    [property: JsonPropertyName("outcome")] string Outcome,
    [property: JsonPropertyName("reason")] string? Reason = null,
    [property: JsonPropertyName("run_url")] string? RunUrl = null)
{
    [JsonIgnore]
    public (string, string, string, string, string) Key => (Distribution, DistroVersion, Architecture, KernelRelease, DriverVersion);
}

/// <summary>
/// The last matrix run's results as the report reads them:
/// <c>{"format": 1, "matrix_id": "...", "run_url": "...", "results": [{"distribution", "distro_version", "architecture",
/// "kernel_release", "driver_version", "outcome": "failed" | "not_applicable", "reason", "run_url"}]}</c>.
/// </summary>
public sealed record MatrixResults(
    [property: JsonPropertyName("format")] int Format,
    [property: JsonPropertyName("results")] IReadOnlyList<MatrixResult> Results,
    [property: JsonPropertyName("matrix_id")] string? MatrixId = null,
    [property: JsonPropertyName("run_url")] string? RunUrl = null)
{
    public const int CurrentFormat = 1;

    public static MatrixResults Empty { get; } = new(CurrentFormat, []);

    /// <summary>
    /// Reads a results file, or every <c>*.json</c> results file of a directory (one per chunk run of the nightly, see
    /// <see cref="MatrixOutcomes"/>) merged into one: the matrix id and run link of the first file in name order.
    /// </summary>
    public static MatrixResults ReadFileOrDirectory(string path)
    {
        if (!Directory.Exists(path))
        {
            return Read(path);
        }

        var files = Directory.EnumerateFiles(path, "*.json", SearchOption.AllDirectories).Order(StringComparer.Ordinal).Select(Read).ToList();
        return files.Count == 0 ? Empty
            : new MatrixResults(CurrentFormat, [.. files.SelectMany(f => f.Results)], files.Select(f => f.MatrixId).FirstOrDefault(id => id is not null), files.Select(f => f.RunUrl).FirstOrDefault(u => u is not null));
    }

    /// <summary>Reads and checks a results file; every problem names the file and the JSON path.</summary>
    public static MatrixResults Read(string path)
    {
        MatrixResults? results;
        try
        {
            results = JsonSerializer.Deserialize<MatrixResults>(File.ReadAllBytes(path), new JsonSerializerOptions { RespectNullableAnnotations = true, RespectRequiredConstructorParameters = true });
        }
        catch (JsonException e)
        {
            throw new ReportInputException($"--matrix-results: {Printable.Quote(path)} is not a matrix results file: {e.Message}", e);
        }
        catch (IOException e)
        {
            throw new ReportInputException($"--matrix-results: cannot read {Printable.Quote(path)}: {e.Message}", e);
        }

        if (results is null || results.Format != CurrentFormat)
        {
            throw new ReportInputException($"--matrix-results: {Printable.Quote(path)} has format {results?.Format.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "none"}; accepted: {CurrentFormat}");
        }

        for (var i = 0; i < results.Results.Count; i++)
        {
            if (results.Results[i].Outcome is not ("failed" or "not_applicable"))
            {
                throw new ReportInputException(
                    $"--matrix-results: {Printable.Quote(path)} $.results[{i}].outcome is {Printable.Quote(results.Results[i].Outcome)}; accepted: failed, not_applicable");
            }
        }

        return results;
    }
}

/// <summary>A report input (a setting or the matrix results file) is not accepted.</summary>
public sealed class ReportInputException(string message, Exception? inner = null) : InvalidInputException(message, inner);
