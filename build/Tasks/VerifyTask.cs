using Cake.Frosting;

namespace KmodForge.Build.Tasks;

[TaskName("Verify")]
[IsDependentOn(typeof(SignTask))]
[TaskDescription("Checks each module's vermagic and ELF machine against the target (in C#, no modinfo needed).")]
public sealed class VerifyTask(DriverBuildSession session) : FrostingTask<BuildContext>
{
    public override bool ShouldRun(BuildContext context) => session.NeedsBuilding;

    public override void Run(BuildContext context) => session.Build.Verify();
}
