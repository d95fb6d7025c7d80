using System.Text;

namespace KmodForge.Errors;

/// <summary>
/// The one formatter for every value echoed into a message, a log or an HTTP answer: control and non-ASCII characters
/// escaped, quoted, and cut at a cap (a NUL, an ANSI escape or a 1 MB line from outside prints as one short, safe line).
/// </summary>
public static class Printable
{
    public const int DefaultMaxChars = 80;

    public static string Quote(string? value, int maxChars = DefaultMaxChars)
    {
        if (value is null)
        {
            return "(missing)";
        }

        var sb = new StringBuilder("'");
        foreach (var c in value.Length > maxChars ? value[..maxChars] : value)
        {
            if (c is >= ' ' and <= '~' && c != '\\' && c != '\'')
            {
                sb.Append(c);
            }
            else
            {
                sb.Append(c switch { '\\' => "\\\\", '\'' => "\\'", '\n' => "\\n", '\r' => "\\r", '\t' => "\\t", _ => $"\\u{(int)c:x4}" });
            }
        }

        sb.Append('\'');
        if (value.Length > maxChars)
        {
            sb.Append($"... ({value.Length} characters)");
        }

        return sb.ToString();
    }
}
