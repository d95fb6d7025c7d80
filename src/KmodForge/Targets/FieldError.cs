using System.Text;

namespace KmodForge.Targets;

/// <summary>One invalid input: which field, the value given (made printable), and what is accepted.</summary>
public sealed record FieldError(string Field, string? Value, string Problem)
{
    public override string ToString() => $"{Field}: {Printable(Value)} {Problem}";

    /// <summary>
    /// A value made safe to print in a log or an HTTP answer: control and non-ASCII characters escaped, quoted,
    /// and cut at 80 characters.
    /// </summary>
    public static string Printable(string? value)
    {
        if (value is null)
        {
            return "(missing)";
        }

        var sb = new StringBuilder("'");
        foreach (var c in value.Length > 80 ? value[..80] : value)
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
        if (value.Length > 80)
        {
            sb.Append($"... ({value.Length} characters)");
        }

        return sb.ToString();
    }
}

/// <summary>Thrown when a build request has invalid fields; the message lists each one.</summary>
public sealed class TargetValidationException(IReadOnlyList<FieldError> errors)
    : Exception("Invalid build target:" + Environment.NewLine + string.Join(Environment.NewLine, errors.Select(e => "  - " + e)))
{
    public IReadOnlyList<FieldError> Errors { get; } = errors;
}
