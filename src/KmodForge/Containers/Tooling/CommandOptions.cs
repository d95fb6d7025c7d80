namespace KmodForge.Containers.Tooling;

/// <summary>How one command is run: its time limit, which exit codes are success, and who sees its output lines.</summary>
public sealed record CommandOptions
{
    public static CommandOptions Default { get; } = new();

    /// <summary>Kill the command after this long; null for the tool settings' <c>ToolTimeout</c> (or no limit).</summary>
    public TimeSpan? Timeout { get; init; }

    /// <summary>Exit codes that are not failures (default: only 0). Other codes throw unless <see cref="ThrowOnError"/> is false.</summary>
    public IReadOnlyList<int> SuccessExitCodes { get; init; } = [0];

    public bool ThrowOnError { get; init; } = true;

    /// <summary>Receives every output line as it arrives, prefixed with nothing (stdout) or <c>stderr: </c>.</summary>
    public Action<string>? OnLine { get; init; }
}
