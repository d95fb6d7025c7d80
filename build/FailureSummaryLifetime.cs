using Cake.Core;
using Cake.Frosting;
using KmodForge.Build.Host;

namespace KmodForge.Build;

/// <summary>
/// In GitHub Actions, a failed build says so where users look: an error annotation and a section of the step summary
/// naming what failed (the driver build's target once resolved) and why. On a terminal the host's one error line
/// already says it, so nothing is added there.
/// </summary>
public sealed class FailureSummaryLifetime(DriverBuildSession session) : FrostingLifetime<BuildContext>
{
    public override void Setup(BuildContext context, ISetupContext info)
    {
    }

    public override void Teardown(BuildContext context, ITeardownContext info)
    {
        MatrixOutcomeRecorder.Record(context, info, session);
        if (info.Successful || info.ThrownException is null || context.Summary is null)
        {
            return;
        }

        var report = FailureReporter.Classify(info.ThrownException);
        var reason = report.IsBug ? $"unexpected failure (a bug in the build): {info.ThrownException.GetBaseException().Message}" : report.Message;
        var what = session.Started ? $"Driver build {session.Build.Target}" : "The build";
        context.Log.Error($"{what} failed: {reason}");
        context.Summary.Append($"### ❌ {what} failed\n\n```\n{reason.Replace("```", "'''", StringComparison.Ordinal)}\n```\n");
    }
}
