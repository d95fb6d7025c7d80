using System.Collections.Concurrent;
using KmodForge.Diagnostics;

namespace KmodForge.Tests.GitHub;

/// <summary>The tests' one recording <see cref="IBuildLog"/>: every line and progress report, to check what was (and was not) said.</summary>
public sealed class RecordingLog : IBuildLog
{
    private readonly ConcurrentQueue<string> lines = new();

    public IReadOnlyList<string> Lines => [.. lines];

    public IEnumerable<string> Warnings => Lines.Where(l => l.StartsWith("warning: ", StringComparison.Ordinal));

    public ConcurrentQueue<(string What, long Done, long? Total)> ProgressReports { get; } = new();

    public IDisposable Phase(string name)
    {
        lines.Enqueue("phase: " + name);
        return NullBuildLog.Instance.Phase(name);
    }

    public void Info(string message) => lines.Enqueue("info: " + message);

    public void Verbose(string message) => lines.Enqueue("verbose: " + message);

    public void Warning(string message) => lines.Enqueue("warning: " + message);

    public void Error(string message) => lines.Enqueue("error: " + message);

    public void Progress(string what, long done, long? total) => ProgressReports.Enqueue((what, done, total));
}
