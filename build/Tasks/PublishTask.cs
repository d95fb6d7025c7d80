using Cake.Frosting;

namespace KmodForge.Build.Tasks;

[TaskName("Publish")]
[IsDependentOn(typeof(PackageTask))]
[TaskDescription("Publishes the package and its .sha256 to the release store, atomically.")]
public sealed class PublishTask(DriverBuildSession session) : AsyncFrostingTask<BuildContext>
{
    public override bool ShouldRun(BuildContext context) => session.NeedsBuilding;

    public override async Task RunAsync(BuildContext context) => await session.Build.PublishAsync(session.Cancellation);
}
