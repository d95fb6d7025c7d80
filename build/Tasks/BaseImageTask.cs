using Cake.Frosting;

namespace KmodForge.Build.Tasks;

[TaskName("BaseImage")]
[IsDependentOn(typeof(CheckPublishedTask))]
[TaskDescription("Ensures the base image of the target's distro version and architecture (local, cache, registry, or built).")]
public sealed class BaseImageTask(DriverBuildSession session) : AsyncFrostingTask<BuildContext>
{
    public override bool ShouldRun(BuildContext context) => session.NeedsBuilding;

    public override async Task RunAsync(BuildContext context) => await session.Build.EnsureBaseImageAsync(session.Cancellation);
}
