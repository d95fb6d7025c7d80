namespace KmodForge.Containers.Tooling;

/// <summary>What to start: the executable (a name looked up on PATH, or a path), its argv and extra environment.</summary>
public sealed record ProcessStart(string Executable, IReadOnlyList<string> Argv, IReadOnlyDictionary<string, string> Environment);

/// <summary>
/// Starts a process, streams its output lines to the two callbacks and returns its exit code. Cancelling the token
/// kills the process and throws <see cref="OperationCanceledException"/>. Tests record starts through a second
/// implementation.
/// </summary>
public interface IProcessRunner
{
    Task<int> RunAsync(ProcessStart start, Action<string> onStandardOutput, Action<string> onStandardError, CancellationToken cancellationToken);
}
