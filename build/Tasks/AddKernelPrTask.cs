using Cake.Frosting;
using KmodForge.GitHub;
using KmodForge.Headers;
using KmodForge.Naming;
using KmodForge.Pipeline;
using KmodForge.Targets;

namespace KmodForge.Build.Tasks;

[TaskName("AddKernelPr")]
[TaskDescription("Records the built kernel in kernels.json through an add-kernel pull request (skipped when the branch exists or the kernel is listed).")]
public sealed class AddKernelPrTask(BuildCancellation cancellation) : AsyncFrostingTask<BuildContext>
{
    public override async Task RunAsync(BuildContext context)
    {
        var build = context.Settings<DriverBuildSettings>();
        var target = TargetValidator.Validate(new BuildRequest(build.KernelRelease, build.Architecture ?? ArchitectureNames.Host()?.KernelName(),
            build.Distribution, build.DistroVersion, build.DriverVersion), TargetFields.CommandLine).GetTargetOrThrow();
        using var github = GitHubClientFactory.Connect(context.Settings<GitHubSettings>().Validated(), context.Log);
        var result = await new AddKernelPullRequest(github).OpenAsync(new AddKernelRequest(target,
            PackageNaming.FileName(build.DriverName, target), PackageNaming.ReleaseTag(target, build.ReleaseTagTemplate),
            context.Settings<HeaderSourceSettings>().HeaderUrls), cancellation.Token);
        context.Log.Info(result.Message);
        context.Summary?.Append($"add-kernel: {result.Message}\n");
    }
}
