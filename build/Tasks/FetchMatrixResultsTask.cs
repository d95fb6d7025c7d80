using Cake.Frosting;
using KmodForge.Configuration;
using KmodForge.Coverage;
using KmodForge.GitHub;

namespace KmodForge.Build.Tasks;

[TaskName("FetchMatrixResults")]
[TaskDescription("Downloads the newest nightly's matrix results (the matrix-results artifact of each of its matrix-build.yml runs) into the directory --matrix-results names, for the Report task.")]
public sealed class FetchMatrixResultsTask(BuildCancellation cancellation) : AsyncFrostingTask<BuildContext>
{
    public override async Task RunAsync(BuildContext context)
    {
        var directory = context.Settings<CoverageSettings>().MatrixResults is { Length: > 0 } path
            ? Path.GetFullPath(path, context.Environment.WorkingDirectory.FullPath)
            : throw new SettingsException(["--matrix-results: (missing) the directory the matrix results are downloaded into"]);
        Directory.CreateDirectory(directory);
        using var github = GitHubClientFactory.Connect(context.Settings<GitHubSettings>().Validated(), context.Log);
        var (matrixId, files) = await new GitHubMatrixResults(github).FetchAsync(directory, cancellation.Token);
        context.Log.Info($"Matrix results of {matrixId ?? "(no completed nightly)"}: {files} files in {directory}");
    }
}
