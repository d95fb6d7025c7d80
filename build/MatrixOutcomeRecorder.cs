using Cake.Core;
using Cake.Frosting;
using KmodForge.Build.Host;
using KmodForge.Coverage;
using KmodForge.Pipeline;
using KmodForge.Targets;

namespace KmodForge.Build;

/// <summary>
/// For the Driver task with <c>--matrix-outcome-file</c> (matrix-build.yml sets <c>KMODFORGE_MATRIX_OUTCOME_FILE</c>), records how the run
/// ended for the nightly's results: published, not applicable (exit code 3) or failed, with the reason and the run link.
/// The target is the resolved one when the build got that far, else the settings as given.
/// </summary>
internal static class MatrixOutcomeRecorder
{
    public static void Record(BuildContext context, ITeardownContext info, DriverBuildSession session)
    {
        var target = context.Arguments.HasArgument("target") ? context.Arguments.GetArguments("target").LastOrDefault() : null;
        if (!string.Equals(target, KmodForge.GitHub.WorkflowContract.Tasks.Driver, StringComparison.OrdinalIgnoreCase)
            || context.Settings<CoverageSettings>().MatrixOutcomeFile is not { Length: > 0 } path)
        {
            return;
        }

        var failure = info.Successful || info.ThrownException is null ? null : FailureReporter.Classify(info.ThrownException);
        var settings = context.Settings<DriverBuildSettings>();
        var fields = session.Started
            ? new MatrixBuildKey(session.Build.Target.Distribution.Id, session.Build.Target.DistroVersion.Id, session.Build.Target.Architecture.KernelName(),
                session.Build.Target.KernelRelease, session.Build.Target.DriverVersion)
            : new MatrixBuildKey(settings.Distribution ?? "", settings.DistroVersion ?? "", settings.Architecture ?? "", settings.KernelRelease ?? "", settings.DriverVersion ?? "");
        var outcome = MatrixOutcomes.Of(fields, failure, MatrixOutcomes.RunUrl(name => context.Environment.GetEnvironmentVariable(name) is { Length: > 0 } v ? v : null));
        MatrixOutcomes.Write(Path.GetFullPath(path, context.Environment.WorkingDirectory.FullPath), outcome);
        context.Log.Info($"Outcome recorded for the nightly's results: {outcome.Outcome} ({path})");
    }
}
