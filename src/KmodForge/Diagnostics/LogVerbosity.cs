namespace KmodForge.Diagnostics;

/// <summary>How much a build log shows; the same levels, in the same order, as Cake's <c>--verbosity</c>.</summary>
public enum LogVerbosity
{
    Quiet = 0,
    Minimal = 1,
    Normal = 2,
    Verbose = 3,
    Diagnostic = 4,
}
