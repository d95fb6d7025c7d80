using Cake.Frosting;

namespace KmodForge.Build.Tasks;

[TaskName("Compile")]
[IsDependentOn(typeof(HeadersTask))]
[TaskDescription("Compiles the module with make inside the per-kernel image and collects every .ko.")]
public sealed class CompileTask(DriverBuildSession session) : AsyncFrostingTask<BuildContext>
{
    public override bool ShouldRun(BuildContext context) => session.NeedsBuilding;

    public override async Task RunAsync(BuildContext context) => await session.Build.CompileAsync(session.Cancellation);
}
