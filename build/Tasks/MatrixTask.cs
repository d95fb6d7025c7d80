using Cake.Frosting;
using KmodForge.GitHub;
using KmodForge.Matrix;
using KmodForge.Storage;

namespace KmodForge.Build.Tasks;

[TaskName("Matrix")]
[TaskDescription("Generates the build matrix (kernels.json, or kernel-crawler data with --use-kernel-crawler), diffs it against the previous one, chunks it and dispatches matrix-build.yml per chunk (--dry-run prints the plan).")]
public sealed class MatrixTask(BuildCancellation cancellation) : AsyncFrostingTask<BuildContext>
{
    public override async Task RunAsync(BuildContext context)
    {
        var settings = context.Settings<MatrixSettings>();
        var store = BlobStoreSettings.Create(context, context.Log);
        using var github = settings.DryRun ? null : GitHubClientFactory.Connect(context.Settings<GitHubSettings>().Validated(), context.Log);
        using var generator = new MatrixGenerator(settings, store, github is null ? null : new GitHubWorkflowDispatcher(github), context.Log);
        await generator.RunAsync(cancellation.Token);
        (store as IDisposable)?.Dispose();
    }
}
