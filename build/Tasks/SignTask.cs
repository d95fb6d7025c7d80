using Cake.Frosting;

namespace KmodForge.Build.Tasks;

[TaskName("Sign")]
[IsDependentOn(typeof(CompileTask))]
[TaskDescription("Signs each module with the kernel's scripts/sign-file (sha256) inside the build container when --module-signing-key is set; otherwise the summary says unsigned.")]
public sealed class SignTask(DriverBuildSession session) : AsyncFrostingTask<BuildContext>
{
    public override bool ShouldRun(BuildContext context) => session.NeedsBuilding;

    public override async Task RunAsync(BuildContext context)
    {
        await session.Build.SignAsync(session.Cancellation);

        // Nothing runs in the header layer's session container after this: it is committed while the package is made.
        session.Build.StartKeepingLayer();
    }
}
