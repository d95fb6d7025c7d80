namespace KmodForge.Diagnostics;

/// <summary>The kind of a line a build log writes.</summary>
public enum LogLineKind
{
    Verbose,
    Info,
    Warning,
    Error,
}
