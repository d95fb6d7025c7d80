using Cake.Frosting;
using KmodForge.Configuration;
using KmodForge.Coverage;
using KmodForge.Errors;
using KmodForge.Storage;

namespace KmodForge.Build.Tasks;

[TaskName("MatrixResults")]
[TaskDescription("Merges a matrix-build run's build outcome records (--matrix-outcomes-dir) into the results file the Report task reads (--matrix-results): the builds that failed or do not apply, with reasons and run links.")]
public sealed class MatrixResultsTask : FrostingTask<BuildContext>
{
    public override void Run(BuildContext context)
    {
        var settings = context.Settings<CoverageSettings>();
        var root = context.Environment.WorkingDirectory.FullPath;
        var errors = new List<string>();
        if (settings.MatrixOutcomesDirectory is not { Length: > 0 })
        {
            errors.Add("--matrix-outcomes-dir: (missing) the directory of build outcome records to merge");
        }

        if (settings.MatrixResults is not { Length: > 0 })
        {
            errors.Add("--matrix-results: (missing) the results file to write");
        }

        if (settings.MatrixId is { } id && StoreNames.Problem(id) is { } problem)
        {
            errors.Add($"--matrix-id: {Printable.Quote(id)} {problem}");
        }

        if (errors.Count > 0)
        {
            throw new SettingsException(errors);
        }

        var runUrl = MatrixOutcomes.RunUrl(name => context.Environment.GetEnvironmentVariable(name) is { Length: > 0 } v ? v : null);
        var (results, counts) = MatrixOutcomes.Merge(Path.GetFullPath(settings.MatrixOutcomesDirectory!, root), settings.MatrixId, runUrl);
        var output = Path.GetFullPath(settings.MatrixResults!, root);
        MatrixOutcomes.WriteResults(output, results);
        var line = string.Join(", ", counts.Select(c => $"{c.Key} {c.Value}"));
        context.Log.Info($"Matrix results {settings.MatrixId ?? "(no id)"}: {line}; {results.Results.Count} written to {output}");
        context.Summary?.AppendTable(["published", "failed", "not applicable"],
            [[counts[MatrixOutcomes.Published].ToString(System.Globalization.CultureInfo.InvariantCulture), counts[MatrixOutcomes.Failed].ToString(System.Globalization.CultureInfo.InvariantCulture), counts[MatrixOutcomes.NotApplicable].ToString(System.Globalization.CultureInfo.InvariantCulture)]]);
    }
}
