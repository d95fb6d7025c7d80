namespace KmodForge.Errors;

/// <summary>
/// The base of every expected failure: invalid input, missing headers, an unreachable registry, a refused publish.
/// The entry points print its message (no stack trace) and exit with <see cref="FailureExitCode"/>; any other exception is a
/// bug (see <see cref="FailurePolicy"/>).
/// </summary>
public class KmodForgeException(string message, Exception? inner = null) : Exception(message, inner)
{
    /// <summary>The process exit code this failure ends with (<see cref="ExitCodes.Failed"/> unless a subclass says otherwise).</summary>
    public virtual int FailureExitCode => ExitCodes.Failed;
}
