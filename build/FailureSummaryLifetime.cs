using Cake.Core;
using Cake.Frosting;
using KmodForge.Build.Host;
using KmodForge.Diagnostics;
using KmodForge.GitHub;
using KmodForge.Matrix;
using KmodForge.Pipeline;

namespace KmodForge.Build;

/// <summary>
/// In GitHub Actions, a failed build says so where users look: an error annotation and a section of the step summary
/// naming what failed (the driver build's target once resolved) and why. On a terminal the host's one error line
/// already says it, so nothing is added there. A build the driver does not apply to (dkms.conf BUILD_EXCLUSIVE_*) is
/// not a failure: it says "not applicable (reason)" everywhere, and writes the step outputs outcome and reason.
/// </summary>
public sealed class FailureSummaryLifetime(DriverBuildSession session) : FrostingLifetime<BuildContext>
{
    public override void Setup(BuildContext context, ISetupContext info)
    {
    }

    public override void Teardown(BuildContext context, ITeardownContext info)
    {
        if (session.Started)
        {
            // A target that stopped before Driver (a failure, --target=Compile) still keeps the installed headers; a cancelled one does not.
            session.Build.FinishLayerAsync(keep: !session.Cancellation.IsCancellationRequested).GetAwaiter().GetResult();
        }

        MatrixOutcomeRecorder.Record(context, info, session);
        if (info.Successful || info.ThrownException is null)
        {
            return;
        }

        if (NotApplicableSummary.Find(info.ThrownException) is { } excluded)
        {
            // An outcome, not a failure: said once here (the host exits 3, or --not-applicable-exit-code), in the job summary and as step outputs.
            var summary = new NotApplicableSummary(session.Started ? $"Driver build {session.Build.Target}" : "The build", excluded.Reason);
            context.Log.Info(summary.Text);
            session.NotApplicableExitCode = NotApplicableExitCode(context);
            if (context.Environment.GetEnvironmentVariable("GITHUB_ACTIONS") == "true")
            {
                // The annotation the build service reads from the run's jobs (GitHubWorkflowRuns.NotApplicableReasonAsync).
                System.Console.Out.WriteLine(WorkflowCommand.Format($"notice title={WorkflowContract.NotApplicableAnnotation}", context.Secrets.Apply(excluded.Reason)));
            }

            context.Summary?.Append(summary.Markdown);
            if (context.Environment.GetEnvironmentVariable("GITHUB_OUTPUT") is { Length: > 0 } output)
            {
                GitHubOutputFile.Append(output, summary.Outputs);
            }

            return;
        }

        var report = FailureReporter.Classify(info.ThrownException);
        if (context.Summary is null)
        {
            return;
        }

        var reason = report.IsBug ? $"unexpected failure (a bug in the build): {info.ThrownException.GetBaseException().Message}" : report.Message;
        var what = session.Started ? $"Driver build {session.Build.Target}" : "The build";
        context.Log.Error($"{what} failed: {reason}");
        context.Summary.Append($"### ❌ {what} failed\n\n```\n{reason.Replace("```", "'''", StringComparison.Ordinal)}\n```\n");
    }

    /// <summary>--not-applicable-exit-code, or 3 when the settings themselves cannot be read (that error is reported elsewhere).</summary>
    private static int NotApplicableExitCode(BuildContext context)
    {
        try
        {
            return context.Settings<DriverBuildSettings>().NotApplicableExitCode;
        }
        catch (Configuration.SettingsException)
        {
            return Errors.ExitCodes.NotApplicable;
        }
    }
}
