using Cake.Core;

namespace Cake.Frosting;

/// <summary>
/// Turns an exception into the exit code and what the user sees. Expected failures (the build's own errors: any
/// exception from a <c>KmodForge.*</c> namespace, a <see cref="FrostingException"/>, or a <see cref="CakeException"/>)
/// are one message without a stack trace; anything else is a bug and shows the stack trace.
/// </summary>
internal sealed class FailureReporter(IConsole console)
{
    public const int FailureExitCode = 1;

    public int Report(Exception exception)
    {
        if (FindExpected(exception) is { } expected)
        {
            console.WriteErrorLine("Error: {0}", expected.Message);
        }
        else
        {
            console.WriteErrorLine("Error: unexpected failure (a bug in the build):");
            console.WriteErrorLine("{0}", Unwrap(exception).ToString());
        }

        return FailureExitCode;
    }

    /// <summary>The innermost expected exception in the chain, or null when the failure is a bug.</summary>
    public static Exception? FindExpected(Exception exception)
    {
        var inner = Unwrap(exception);
        for (Exception? e = inner; e is not null; e = e.InnerException)
        {
            if (IsExpected(e))
            {
                return e;
            }
        }

        return null;
    }

    private static bool IsExpected(Exception e) =>
        e.GetType().Namespace is { } ns && (ns == "KmodForge" || ns.StartsWith("KmodForge.", StringComparison.Ordinal))
        || e is FrostingException
        || (e is CakeException && e is not CakeReportException);

    /// <summary>Strips the wrappers Cake and the runtime put around a task's exception.</summary>
    private static Exception Unwrap(Exception exception)
    {
        var e = exception;
        while (true)
        {
            switch (e)
            {
                case CakeReportException { InnerException: { } inner }:
                    e = inner;
                    break;
                case AggregateException aggregate when aggregate.InnerExceptions.Count == 1:
                    e = aggregate.InnerExceptions[0];
                    break;
                case System.Reflection.TargetInvocationException { InnerException: { } inner }:
                    e = inner;
                    break;
                default:
                    return e;
            }
        }
    }
}
