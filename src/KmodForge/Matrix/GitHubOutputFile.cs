using System.Text;

namespace KmodForge.Matrix;

/// <summary>
/// Appends step outputs to <c>$GITHUB_OUTPUT</c> in the multi-line-safe form <c>name&lt;&lt;DELIMITER</c>, value,
/// <c>DELIMITER</c>, with a random delimiter the value cannot contain. The total written per call is kept far below the
/// 1 MB job output limit.
/// </summary>
public static class GitHubOutputFile
{
    /// <summary>What one matrix run may write: 64 KiB, 1/16 of the job limit.</summary>
    public const int MaxBytes = 64 * 1024;

    public static string Format(IReadOnlyList<(string Name, string Value)> outputs)
    {
        var sb = new StringBuilder();
        foreach (var (name, value) in outputs)
        {
            if (name.Length == 0 || name.Any(ch => !(char.IsAsciiLetterOrDigit(ch) || ch is '_' or '-')))
            {
                throw new ArgumentException($"Output name {Targets.FieldError.Printable(name)} must be letters, digits, '_' and '-'.", nameof(outputs));
            }

            string delimiter;
            do
            {
                delimiter = "ghadelimiter_" + Guid.NewGuid().ToString("N");
            }
            while (value.Contains(delimiter, StringComparison.Ordinal));

            sb.Append(name).Append("<<").Append(delimiter).Append('\n').Append(value).Append('\n').Append(delimiter).Append('\n');
        }

        var text = sb.ToString();
        if (Encoding.UTF8.GetByteCount(text) > MaxBytes)
        {
            throw new InvalidOperationException($"The matrix outputs are {Encoding.UTF8.GetByteCount(text)} bytes, more than the {MaxBytes} allowed (GitHub's job limit is {GitHubLimits.MaxJobOutputBytes}).");
        }

        return text;
    }

    public static void Append(string path, IReadOnlyList<(string Name, string Value)> outputs) =>
        File.AppendAllText(path, Format(outputs), new UTF8Encoding(false));
}
