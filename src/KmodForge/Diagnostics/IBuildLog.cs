namespace KmodForge.Diagnostics;

/// <summary>
/// Where the library reports what it does. On a terminal, phases and progress are shown live; in GitHub Actions,
/// each phase is a <c>::group::</c>, warnings and errors become annotations, and progress is plain periodic lines.
/// </summary>
public interface IBuildLog
{
    /// <summary>Starts a named phase; dispose it to end the phase. Phases nest flat: one at a time.</summary>
    IDisposable Phase(string name);

    void Info(string message);

    /// <summary>Detail that is only shown at verbose levels (full command lines, tool output).</summary>
    void Verbose(string message);

    void Warning(string message);

    /// <summary>An error a person must act on (becomes an error annotation in GitHub Actions).</summary>
    void Error(string message);

    /// <summary>Reports progress of a long transfer: bytes done of total (total null when unknown).</summary>
    void Progress(string what, long done, long? total);
}
