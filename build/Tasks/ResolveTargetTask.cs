using Cake.Frosting;

namespace KmodForge.Build.Tasks;

[TaskName("ResolveTarget")]
[IsDependentOn(typeof(PrerequisitesTask))]
[TaskDescription("Validates the build target from the settings (resolving --kernel-release=latest in the base image).")]
public sealed class ResolveTargetTask(DriverBuildSession session) : AsyncFrostingTask<BuildContext>
{
    public override Task RunAsync(BuildContext context) => session.StartAsync(context);
}
