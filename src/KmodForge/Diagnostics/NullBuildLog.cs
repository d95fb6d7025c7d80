namespace KmodForge.Diagnostics;

/// <summary>A log that discards everything (for tests and embedded use).</summary>
public sealed class NullBuildLog : IBuildLog
{
    public static NullBuildLog Instance { get; } = new();

    public IDisposable Phase(string name) => NoopScope.Instance;

    public void Info(string message)
    {
    }

    public void Verbose(string message)
    {
    }

    public void Warning(string message)
    {
    }

    public void Error(string message)
    {
    }

    public void Progress(string what, long done, long? total)
    {
    }

    private sealed class NoopScope : IDisposable
    {
        public static NoopScope Instance { get; } = new();

        public void Dispose()
        {
        }
    }
}
