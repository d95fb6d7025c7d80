using Cake.Frosting;

namespace KmodForge.Build.Tasks;

[TaskName("CheckPublished")]
[IsDependentOn(typeof(ResolveTargetTask))]
[TaskDescription("Looks the package up in the release store; when it exists, the later phases are skipped.")]
public sealed class CheckPublishedTask(DriverBuildSession session) : AsyncFrostingTask<BuildContext>
{
    public override async Task RunAsync(BuildContext context) => await session.Build.CheckPublishedAsync(session.Cancellation);
}
