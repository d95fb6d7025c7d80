using KmodForge.Errors;

namespace KmodForge.Images;

/// <summary>A base image could not be made present; the message says why, step by step, and what to do.</summary>
public sealed class BaseImageException(string message, IReadOnlyList<string> notes)
    : KmodForgeException(notes.Count == 0 ? message : message + Environment.NewLine + string.Join(Environment.NewLine, notes.Select(n => "  - " + n)))
{
    public IReadOnlyList<string> Notes { get; } = notes;
}
