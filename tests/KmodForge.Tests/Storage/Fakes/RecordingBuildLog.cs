using System.Collections.Concurrent;
using KmodForge.Diagnostics;

namespace KmodForge.Tests.Storage.Fakes;

/// <summary>A build log that keeps every line (and progress report) for assertions.</summary>
public sealed class RecordingBuildLog : IBuildLog
{
    public ConcurrentQueue<string> Lines { get; } = new();

    public ConcurrentQueue<(string What, long Done, long? Total)> ProgressReports { get; } = new();

    public IEnumerable<string> Warnings => Lines.Where(l => l.StartsWith("warning: ", StringComparison.Ordinal));

    public IDisposable Phase(string name)
    {
        Lines.Enqueue("phase: " + name);
        return new Scope();
    }

    public void Info(string message) => Lines.Enqueue("info: " + message);

    public void Verbose(string message) => Lines.Enqueue("verbose: " + message);

    public void Warning(string message) => Lines.Enqueue("warning: " + message);

    public void Error(string message) => Lines.Enqueue("error: " + message);

    public void Progress(string what, long done, long? total) => ProgressReports.Enqueue((what, done, total));

    private sealed class Scope : IDisposable
    {
        public void Dispose()
        {
        }
    }
}
