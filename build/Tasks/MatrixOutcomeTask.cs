using Cake.Frosting;
using KmodForge.Configuration;
using KmodForge.Coverage;
using KmodForge.Errors;
using KmodForge.Pipeline;

namespace KmodForge.Build.Tasks;

[TaskName("MatrixOutcome")]
[TaskDescription("For a matrix build job whose Driver run recorded no outcome (a step before it failed, a timeout, a cancellation): records the build as failed in --matrix-outcome-file, naming --job-status. A recorded outcome is left as it is.")]
public sealed class MatrixOutcomeTask : FrostingTask<BuildContext>
{
    public override void Run(BuildContext context)
    {
        var settings = context.Settings<CoverageSettings>();
        var path = settings.MatrixOutcomeFile is { Length: > 0 } file
            ? Path.GetFullPath(file, context.Environment.WorkingDirectory.FullPath)
            : throw new SettingsException(["--matrix-outcome-file: (missing) the build's outcome record (KMODFORGE_MATRIX_OUTCOME_FILE)"]);
        if (File.Exists(path) && new FileInfo(path).Length > 0)
        {
            context.Log.Info($"The build recorded its outcome: {MatrixOutcomes.Read(path).Outcome} ({path})");
            return;
        }

        var status = settings.JobStatus is "success" or "failure" or "cancelled" ? settings.JobStatus : "unknown";
        var build = context.Settings<DriverBuildSettings>();
        var key = new MatrixBuildKey(build.Distribution ?? "", build.DistroVersion ?? "", build.Architecture ?? "", build.KernelRelease ?? "", build.DriverVersion ?? "");
        var reason = $"the build job ended ({status}) before the build recorded an outcome: a step before it failed, it timed out or it was cancelled; see the run";
        var runUrl = MatrixOutcomes.RunUrl(name => context.Environment.GetEnvironmentVariable(name) is { Length: > 0 } v ? v : null);
        MatrixOutcomes.Write(path, MatrixOutcomes.Of(key, new FailureReport(false, ExitCodes.Failed, reason), runUrl));
        context.Log.Warning($"No outcome recorded by the build: recorded as failed ({path})");
    }
}
