using Cake.Core;
using Cake.Frosting;
using KmodForge.Errors;

namespace KmodForge.Build.Host;

/// <summary>
/// Turns an exception into the exit code and what the user sees, by the policy the service and the loader share
/// (<see cref="FailurePolicy"/>): an expected failure (a <see cref="KmodForgeException"/>, the host's own
/// <see cref="FrostingException"/>, a <see cref="CakeException"/>) is one message without a stack trace; anything else
/// is a bug and shows the stack trace.
/// </summary>
/// <param name="notApplicableExitCode">The exit code a not-applicable outcome gets instead of 3 (--not-applicable-exit-code), if set.</param>
internal sealed class FailureReporter(IConsole console, Func<int?>? notApplicableExitCode = null) : IFailureReporter
{
    public int Report(Exception exception)
    {
        var report = Classify(exception);
        console.WriteErrorLine("{0}", report.Text);
        return report.ExitCode == ExitCodes.NotApplicable && notApplicableExitCode?.Invoke() is { } code ? code : report.ExitCode;
    }

    public static FailureReport Classify(Exception exception) => FailurePolicy.Report(
        exception,
        e => e switch
        {
            FrostingException => ExitCodes.InvalidInput,
            CakeException => ExitCodes.Failed,
            _ => null,
        },
        e => e is CakeReportException { InnerException: { } inner } ? inner : null);
}
