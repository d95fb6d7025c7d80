namespace KmodForge.Errors;

/// <summary>What an entry point prints and returns for a failure.</summary>
/// <param name="IsBug">True when the failure is not an expected one: <see cref="Message"/> then carries the stack trace.</param>
public sealed record FailureReport(bool IsBug, int ExitCode, string Message)
{
    /// <summary>The message as the console shows it (a not-applicable outcome is not an error, and does not say so).</summary>
    public string Text => ExitCode == ExitCodes.NotApplicable ? Message : "Error: " + Message;
}

/// <summary>
/// The one failure policy of the build host, the service and the loader. An expected failure (a
/// <see cref="KmodForgeException"/> anywhere in the chain, a failed network call, a cancellation) is its message and a
/// documented exit code (<see cref="ExitCodes"/>); anything else is a bug and shows its stack trace.
/// </summary>
public static class FailurePolicy
{
    /// <param name="exception">What ended the run.</param>
    /// <param name="classify">An entry point's own expected failures (its command-line parser's, say): the exit code, or null.</param>
    /// <param name="unwrap">An entry point's own wrapper exceptions: the exception inside, or null.</param>
    public static FailureReport Report(Exception exception, Func<Exception, int?>? classify = null, Func<Exception, Exception?>? unwrap = null)
    {
        ArgumentNullException.ThrowIfNull(exception);
        var inner = Unwrap(exception, unwrap);
        for (var e = inner; e is not null; e = e.InnerException)
        {
            switch (e)
            {
                case KmodForgeException expected:
                    return new FailureReport(false, expected.FailureExitCode, expected.Message);
                case OperationCanceledException:
                    return new FailureReport(false, ExitCodes.Cancelled, "cancelled");
                case HttpRequestException network:
                    return new FailureReport(false, ExitCodes.Failed, network.Message);
            }

            if (classify?.Invoke(e) is { } code)
            {
                return new FailureReport(false, code, e.Message);
            }
        }

        return new FailureReport(true, ExitCodes.Bug, "unexpected failure (a bug in KmodForge):" + Environment.NewLine + inner);
    }

    /// <summary>Strips the wrappers the runtime (and an entry point's own framework) put around the real exception.</summary>
    private static Exception Unwrap(Exception exception, Func<Exception, Exception?>? unwrap)
    {
        var e = exception;
        while (true)
        {
            var next = e switch
            {
                AggregateException { InnerExceptions.Count: 1 } aggregate => aggregate.InnerExceptions[0],
                System.Reflection.TargetInvocationException { InnerException: { } i } => i,
                _ => unwrap?.Invoke(e),
            };
            if (next is null)
            {
                return e;
            }

            e = next;
        }
    }
}
