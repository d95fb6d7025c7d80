using System.Collections.Concurrent;
using KmodForge.Diagnostics;

namespace KmodForge.Tests.Containers;

/// <summary>A build log that keeps every line, for asserting what was reported.</summary>
internal sealed class ListBuildLog : IBuildLog
{
    public ConcurrentQueue<string> Lines { get; } = new();

    public IDisposable Phase(string name)
    {
        Lines.Enqueue("phase: " + name);
        return NullBuildLog.Instance.Phase(name);
    }

    public void Info(string message) => Lines.Enqueue("info: " + message);

    public void Verbose(string message) => Lines.Enqueue("verbose: " + message);

    public void Warning(string message) => Lines.Enqueue("warning: " + message);

    public void Error(string message) => Lines.Enqueue("error: " + message);

    public void Progress(string what, long done, long? total)
    {
    }
}
