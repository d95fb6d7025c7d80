namespace KmodForge.Diagnostics;

/// <summary>
/// What the text logs share: verbosity filtering, secret masking of everything written, phase timing and progress
/// throttling, all under one lock so lines from parallel work never interleave. Subclasses only render.
/// </summary>
public abstract class TextBuildLog : IBuildLog
{
    private readonly ProgressThrottle throttle;
    private int openPhases;

    protected TextBuildLog(TextWriter output, BuildLogOptions options, TimeSpan progressInterval)
    {
        Output = output;
        Options = options;
        throttle = new ProgressThrottle(options.Time, progressInterval);
    }

    protected TextWriter Output { get; }

    protected BuildLogOptions Options { get; }

    protected Lock Gate { get; } = new();

    public IDisposable Phase(string name)
    {
        if (!Shows(LogVerbosity.Normal))
        {
            return new PhaseScope(() => { });
        }

        var start = Options.Time.GetTimestamp();
        int depth;
        lock (Gate)
        {
            depth = openPhases++;
            StartPhase(Mask(name), depth);
            Output.Flush();
        }

        return new PhaseScope(() =>
        {
            lock (Gate)
            {
                openPhases--;
                EndPhase(Mask(name), depth, Options.Time.GetElapsedTime(start));
                Output.Flush();
            }
        });
    }

    public void Info(string message) => Line(LogLineKind.Info, LogVerbosity.Normal, message);

    public void Verbose(string message) => Line(LogLineKind.Verbose, LogVerbosity.Verbose, message);

    public void Warning(string message) => Line(LogLineKind.Warning, LogVerbosity.Minimal, message);

    public void Error(string message) => Line(LogLineKind.Error, LogVerbosity.Quiet, message);

    public void Progress(string what, long done, long? total)
    {
        if (!Shows(LogVerbosity.Normal))
        {
            return;
        }

        lock (Gate)
        {
            if (throttle.Next(what, done, total) is { } report)
            {
                WriteProgress(report with { What = Mask(what) });
                Output.Flush();
            }
        }
    }

    protected abstract void StartPhase(string name, int depth);

    protected abstract void EndPhase(string name, int depth, TimeSpan elapsed);

    /// <summary>Writes one already-masked message (which may span lines).</summary>
    protected abstract void WriteLine(LogLineKind level, string message);

    protected abstract void WriteProgress(ProgressReport report);

    protected string Mask(string text) => Options.Masker.Apply(text);

    protected static string Seconds(TimeSpan elapsed) =>
        elapsed.TotalSeconds.ToString(elapsed.TotalSeconds < 10 ? "0.0" : "0", System.Globalization.CultureInfo.InvariantCulture) + " s";

    private bool Shows(LogVerbosity needed) => Options.Verbosity >= needed;

    private void Line(LogLineKind level, LogVerbosity needed, string message)
    {
        if (!Shows(needed))
        {
            return;
        }

        lock (Gate)
        {
            WriteLine(level, Mask(message));
            Output.Flush();
        }
    }

    private sealed class PhaseScope(Action end) : IDisposable
    {
        private int disposed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref disposed, 1) == 0)
            {
                end();
            }
        }
    }
}
