using Cake.Core;
using Cake.Frosting;
using KmodForge.Build;

namespace KmodForge.Tests.BuildHost;

public sealed class TestLifetime(TaskJournal journal) : FrostingLifetime<BuildContext>
{
    public override void Setup(BuildContext context, ISetupContext info) => journal.Add("Setup:" + info.TargetTask.Name);

    public override void Teardown(BuildContext context, ITeardownContext info) => journal.Add("Teardown:" + info.Successful);
}
