using KmodForge.Containers.Tooling;

namespace KmodForge.Tests.Containers;

/// <summary>
/// An <see cref="IProcessRunner"/> that records what would be started and answers with a scripted exit code and
/// output, so tests can assert the exact argv a command renders.
/// </summary>
internal sealed class RecordingProcessRunner : IProcessRunner
{
    public List<ProcessStart> Started { get; } = [];

    public int ExitCode { get; set; }

    public IReadOnlyList<string> StandardOutput { get; set; } = [];

    public IReadOnlyList<string> StandardError { get; set; } = [];

    public string LastTool => Started[^1].Executable;

    /// <summary>The arguments of the last start, as the process receives them.</summary>
    public IReadOnlyList<string> LastArgv => Started[^1].Argv;

    public Task<int> RunAsync(ProcessStart start, Action<string> onStandardOutput, Action<string> onStandardError, CancellationToken cancellationToken)
    {
        Started.Add(start);
        foreach (var line in StandardOutput)
        {
            onStandardOutput(line);
        }

        foreach (var line in StandardError)
        {
            onStandardError(line);
        }

        return Task.FromResult(ExitCode);
    }
}
