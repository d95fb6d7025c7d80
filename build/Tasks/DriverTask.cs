using Cake.Frosting;

namespace KmodForge.Build.Tasks;

[TaskName("Driver")]
[IsDependentOn(typeof(PublishTask))]
[TaskDescription("Builds, verifies, packages and publishes the driver for one kernel, then prints the summary (the main job).")]
public sealed class DriverTask(DriverBuildSession session) : FrostingTask<BuildContext>
{
    public override void Run(BuildContext context)
    {
        var summary = session.Build.Summary();
        context.Log.Info(summary.RenderText());
        context.Summary?.Append(summary.RenderMarkdown());
    }
}
