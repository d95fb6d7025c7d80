namespace KmodForge.Diagnostics;

/// <summary>The kind of a log line.</summary>
public enum LogLevel
{
    Verbose,
    Info,
    Warning,
    Error,
}
