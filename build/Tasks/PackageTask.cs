using Cake.Frosting;

namespace KmodForge.Build.Tasks;

[TaskName("Package")]
[IsDependentOn(typeof(VerifyTask))]
[TaskDescription("Writes the native package (.deb or .rpm) with the shared file name.")]
public sealed class PackageTask(DriverBuildSession session) : FrostingTask<BuildContext>
{
    public override bool ShouldRun(BuildContext context) => session.NeedsBuilding;

    public override void Run(BuildContext context) => session.Build.Package();
}
