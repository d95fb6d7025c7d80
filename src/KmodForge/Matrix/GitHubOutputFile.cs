using System.Text;
using KmodForge.Errors;

namespace KmodForge.Matrix;

/// <summary>
/// Appends step outputs to <c>$GITHUB_OUTPUT</c> in the multi-line-safe form <c>name&lt;&lt;DELIMITER</c>, value,
/// <c>DELIMITER</c>, with a random delimiter the value cannot contain. What one call writes is checked against a budget
/// (GitHub's 1 MB job limit at most) before anything is written, so a job never fails half-way through its outputs.
/// </summary>
public static class GitHubOutputFile
{
    /// <summary>What the Matrix task's summary outputs may take: 64 KiB, 1/16 of the job limit.</summary>
    public const int MaxBytes = 64 * 1024;

    /// <param name="budget">The most bytes this call may write; at most <see cref="GitHubLimits.MaxJobOutputBytes"/>.</param>
    public static string Format(IReadOnlyList<(string Name, string Value)> outputs, int budget = MaxBytes)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(budget, GitHubLimits.MaxJobOutputBytes);
        var sb = new StringBuilder();
        foreach (var (name, value) in outputs)
        {
            if (name.Length == 0 || name.Any(ch => !(char.IsAsciiLetterOrDigit(ch) || ch is '_' or '-')))
            {
                throw new ArgumentException($"Output name {Printable.Quote(name)} must be letters, digits, '_' and '-'.", nameof(outputs));
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
        var bytes = Encoding.UTF8.GetByteCount(text);
        if (bytes > budget)
        {
            throw new OutputTooLargeException(outputs.Select(o => o.Name).ToList(), bytes, budget);
        }

        return text;
    }

    public static void Append(string path, IReadOnlyList<(string Name, string Value)> outputs, int budget = MaxBytes) =>
        File.AppendAllText(path, Format(outputs, budget), new UTF8Encoding(false));
}

/// <summary>Step outputs larger than their budget: nothing was written (an expected failure, with the numbers).</summary>
public sealed class OutputTooLargeException(IReadOnlyList<string> names, int bytes, int budget)
    : KmodForgeException($"The step outputs {string.Join(", ", names)} take {bytes:N0} bytes, more than the {budget:N0} allowed "
        + $"(GitHub allows {GitHubLimits.MaxJobOutputBytes:N0} bytes of outputs per job); nothing was written to $GITHUB_OUTPUT. "
        + "Lower --chunk-size so each chunk document is smaller.")
{
    public int Bytes { get; } = bytes;

    public int Budget { get; } = budget;
}
