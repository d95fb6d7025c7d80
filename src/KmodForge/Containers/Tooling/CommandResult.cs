namespace KmodForge.Containers.Tooling;

/// <summary>What a finished command left: exit code, its output, the tail of its error output, and how it was called.</summary>
public sealed record CommandResult(string CommandLine, int ExitCode, string StandardOutput, string StandardError, IReadOnlyList<string> StandardErrorTail)
{
    public IEnumerable<string> OutputLines => StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries);
}
