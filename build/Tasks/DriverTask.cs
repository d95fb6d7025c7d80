using Cake.Frosting;

namespace KmodForge.Build.Tasks;

[TaskName("Driver")]
[IsDependentOn(typeof(PublishTask))]
[TaskDescription("Builds, verifies, packages and publishes the driver for one kernel, then prints the summary (the main job).")]
public sealed class DriverTask(DriverBuildSession session) : AsyncFrostingTask<BuildContext>
{
    public override async Task RunAsync(BuildContext context)
    {
        // The header layer's commit (started after signing) is waited for here, after the package was published.
        await session.Build.FinishLayerAsync(keep: true);
        var summary = session.Build.Summary();
        context.Log.Info(summary.RenderText());
        context.Summary?.Append(summary.RenderMarkdown());
    }
}
