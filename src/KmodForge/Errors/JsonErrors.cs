using System.Text.Json;
using System.Text.RegularExpressions;

namespace KmodForge.Errors;

/// <summary>
/// JSON parse errors and tokens in words a user reads: one 1-based <c>line:column</c> position (System.Text.Json's
/// message carries a second, 0-based one, which is cut), and a token as what it is (<c>an object</c>, not <c>StartObject</c>).
/// </summary>
public static partial class JsonErrors
{
    /// <summary>The 1-based <c>line:column</c> of a parse error (the column counts bytes), or <c>?</c> when unknown.</summary>
    public static string Position(JsonException e) =>
        e.LineNumber is { } line ? $"{line + 1}:{(e.BytePositionInLine ?? 0) + 1}" : "?";

    /// <summary>The parse error's message without its 0-based <c>LineNumber: 0 | BytePositionInLine: 5.</c> suffix.</summary>
    public static string Message(JsonException e) => ZeroBasedPosition().Replace(e.Message, string.Empty).TrimEnd();

    /// <summary>What a token is, in words: <c>an object</c>, <c>an array</c>, <c>a string</c>, <c>a number</c>, <c>true</c>, <c>null</c>.</summary>
    public static string Describe(JsonTokenType token) => token switch
    {
        JsonTokenType.StartObject or JsonTokenType.EndObject => "an object",
        JsonTokenType.StartArray or JsonTokenType.EndArray => "an array",
        JsonTokenType.String or JsonTokenType.PropertyName => "a string",
        JsonTokenType.Number => "a number",
        JsonTokenType.True => "true",
        JsonTokenType.False => "false",
        JsonTokenType.Null => "null",
        _ => token.ToString(),
    };

    [GeneratedRegex(@"\s*(?:Path: \S+ \|\s*)?LineNumber: \d+ \| BytePositionInLine: \d+\.", RegexOptions.CultureInvariant)]
    private static partial Regex ZeroBasedPosition();
}
