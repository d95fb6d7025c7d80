namespace KmodForge.Diagnostics;

/// <summary>GitHub Actions workflow commands (<c>::name::data</c>) with the runner's escaping rules.</summary>
public static class WorkflowCommand
{
    /// <summary>Escapes a command's data: <c>%</c> → <c>%25</c>, CR → <c>%0D</c>, LF → <c>%0A</c>.</summary>
    public static string EscapeData(string value) =>
        value.Replace("%", "%25", StringComparison.Ordinal)
            .Replace("\r", "%0D", StringComparison.Ordinal)
            .Replace("\n", "%0A", StringComparison.Ordinal);

    /// <summary>Escapes a command property value: as data, plus <c>:</c> → <c>%3A</c> and <c>,</c> → <c>%2C</c>.</summary>
    public static string EscapeProperty(string value) =>
        EscapeData(value).Replace(":", "%3A", StringComparison.Ordinal).Replace(",", "%2C", StringComparison.Ordinal);

    public static string Format(string command, string data) => $"::{command}::{EscapeData(data)}";

    /// <summary>True when the runner would read the line as a command (so plain output must be protected).</summary>
    public static bool LooksLikeCommand(string line) => line.TrimStart().StartsWith("::", StringComparison.Ordinal);
}
