using Cake.Core;
using Cake.Frosting;
using KmodForge.Build;

namespace KmodForge.Tests.BuildHost;

public sealed class TestTaskLifetime(TaskJournal journal) : FrostingTaskLifetime<BuildContext>
{
    public override void Setup(BuildContext context, ITaskSetupContext info) => journal.Add("before " + info.Task.Name);

    public override void Teardown(BuildContext context, ITaskTeardownContext info) => journal.Add("after " + info.Task.Name);
}
