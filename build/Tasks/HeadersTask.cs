using Cake.Frosting;

namespace KmodForge.Build.Tasks;

[TaskName("Headers")]
[IsDependentOn(typeof(BaseImageTask))]
[TaskDescription("Installs the kernel's headers in a per-kernel image layer (reused across driver versions).")]
public sealed class HeadersTask(DriverBuildSession session) : AsyncFrostingTask<BuildContext>
{
    public override bool ShouldRun(BuildContext context) => session.NeedsBuilding;

    public override async Task RunAsync(BuildContext context) => await session.Build.EnsureHeadersAsync(session.Cancellation);
}
