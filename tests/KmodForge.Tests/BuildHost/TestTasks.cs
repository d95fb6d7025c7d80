using Cake.Core;
using Cake.Frosting;
using KmodForge.Build;
using KmodForge.Errors;
using KmodForge.Targets;

namespace KmodForge.Tests.BuildHost;

// Test-only tasks, discovered by the host from this assembly. Each takes the journal from DI to record what ran.

[TaskName("Clean")]
public sealed class CleanTask(TaskJournal journal) : FrostingTask<BuildContext>
{
    public override void Run(BuildContext context) => journal.Add("Clean");
}

[TaskName("Compile")]
[IsDependentOn(typeof(CleanTask))]
public sealed class CompileTask(TaskJournal journal) : FrostingTask<BuildContext>
{
    public override void Run(BuildContext context) => journal.Add("Compile");
}

[TaskName("Lint")]
[IsDependeeOf(typeof(PackageTask))]
public sealed class LintTask(TaskJournal journal) : FrostingTask<BuildContext>
{
    public override void Run(BuildContext context) => journal.Add("Lint");
}

[TaskName("Package")]
[TaskDescription("Packages the test build")]
[IsDependentOn(typeof(CompileTask))]
[IsDependentOn(typeof(CleanTask))]
public sealed class PackageTask(TaskJournal journal) : AsyncFrostingTask<BuildContext>
{
    public override async Task RunAsync(BuildContext context)
    {
        await Task.Yield();
        journal.Add("Package");
    }
}

[TaskName("FailExpected")]
public sealed class FailExpectedTask(TaskJournal journal) : FrostingTask<BuildContext>
{
    public override void Run(BuildContext context) =>
        throw new TargetValidationException([new FieldError("distro", "plan9", "is not a known distribution")]);

    public override void OnError(Exception exception, BuildContext context)
    {
        journal.Add("OnError:" + exception.GetType().Name);
        throw exception;
    }

    public override void Finally(BuildContext context) => journal.Add("Finally");
}

[TaskName("FailBug")]
public sealed class FailBugTask : FrostingTask<BuildContext>
{
    public override void Run(BuildContext context) => throw new InvalidOperationException("a bug in a task");
}

[TaskName("Flaky")]
[ContinueOnError]
public sealed class FlakyTask(TaskJournal journal) : FrostingTask<BuildContext>
{
    public override void Run(BuildContext context)
    {
        journal.Add("Flaky");
        throw new IOException("flaky failure");
    }
}

[TaskName("AfterFlaky")]
[IsDependentOn(typeof(FlakyTask))]
[IsDependentOn(typeof(OnlyWhenAskedTask))]
public sealed class AfterFlakyTask(TaskJournal journal) : FrostingTask
{
    public override void Run(ICakeContext context) => journal.Add("AfterFlaky");
}

[TaskName("OnlyWhenAsked")]
public sealed class OnlyWhenAskedTask(TaskJournal journal) : FrostingTask<BuildContext>
{
    public override bool ShouldRun(BuildContext context) => context.Arguments.HasArgument("ask");

    public override void Run(BuildContext context) => journal.Add("OnlyWhenAsked");
}

[TaskName("ReadSettings")]
public sealed class ReadSettingsTask(TaskJournal journal) : FrostingTask<BuildContext>
{
    public override void Run(BuildContext context)
    {
        var settings = context.Settings<HostTestSettings>();
        journal.Add($"distro={settings.Distro}");
        journal.Add($"jobs={settings.Jobs}");
        journal.Add($"same={ReferenceEquals(settings, context.Settings<HostTestSettings>())}");
        journal.Add($"masked={context.Secrets.Apply("token " + settings.Token)}");
    }
}

[TaskName("EchoArguments")]
public sealed class EchoArgumentsTask(TaskJournal journal) : FrostingTask<BuildContext>
{
    public override void Run(BuildContext context)
    {
        foreach (var name in new[] { "custom", "flag", "spaced", "target" })
        {
            journal.Add($"{name}={string.Join(",", context.Arguments.GetArguments(name))}");
        }
    }
}

[TaskName("LeakSecret")]
public sealed class LeakSecretTask : FrostingTask<BuildContext>
{
    public override void Run(BuildContext context)
    {
        var token = context.Settings<HostTestSettings>().Token;
        ((ICakeContext)context).Log.Write(Cake.Core.Diagnostics.Verbosity.Normal, Cake.Core.Diagnostics.LogLevel.Information, "cake log sees {0}", token!);
        throw new KmodForge.Containers.ContainerEngineException($"push to https://user:{token}@registry.example failed", 125);
    }
}

[TaskName("NotApplicable")]
public sealed class NotApplicableTask : FrostingTask<BuildContext>
{
    public override void Run(BuildContext context) => throw new NotApplicableException("BUILD_EXCLUSIVE_ARCH 'aarch64' excludes x86_64");
}
