using System.Text;

namespace KmodForge.Diagnostics;

/// <summary>
/// Appends Markdown to the job summary file GitHub names in <c>$GITHUB_STEP_SUMMARY</c>. Each append is one write to
/// the end of the file while holding it exclusively (an in-process lock plus an exclusive open, which .NET maps to
/// flock across processes), so concurrent appenders never overwrite or interleave each other. Secrets are masked.
/// </summary>
public sealed class GitHubStepSummary(string path, SecretMasker masker)
{
    public const string EnvironmentVariable = "GITHUB_STEP_SUMMARY";

    private static readonly Lock Gate = new();

    public string Path { get; } = path;

    /// <summary>The summary of the current step, or null outside GitHub Actions (variable unset or empty).</summary>
    public static GitHubStepSummary? FromEnvironment(Func<string, string?> environment, SecretMasker masker) =>
        environment(EnvironmentVariable) is { Length: > 0 } path ? new GitHubStepSummary(path, masker) : null;

    /// <summary>Appends a block of Markdown, ending it with a newline.</summary>
    public void Append(string markdown)
    {
        var text = masker.Apply(markdown);
        var bytes = Encoding.UTF8.GetBytes(text.EndsWith('\n') ? text : text + "\n");
        lock (Gate)
        {
            for (var attempt = 1; ; attempt++)
            {
                try
                {
                    using var stream = new FileStream(Path, FileMode.Append, FileAccess.Write, FileShare.None, 1, FileOptions.None);
                    stream.Write(bytes);
                    return;
                }
                catch (IOException) when (attempt < 100 && File.Exists(Path))
                {
                    Thread.Sleep(10); // another process holds the summary for its own append
                }
            }
        }
    }

    public void AppendHeading(string text, int level = 2) =>
        Append($"{new string('#', Math.Clamp(level, 1, 6))} {text.ReplaceLineEndings(" ")}\n");

    /// <summary>Appends a Markdown table; cell text is escaped so a <c>|</c> or a newline cannot break the table.</summary>
    public void AppendTable(IReadOnlyList<string> headers, IEnumerable<IReadOnlyList<string>> rows)
    {
        var sb = new StringBuilder();
        sb.Append("| ").AppendJoin(" | ", headers.Select(Cell)).Append(" |\n");
        sb.Append('|').AppendJoin('|', headers.Select(_ => " --- ")).Append("|\n");
        foreach (var row in rows)
        {
            sb.Append("| ").AppendJoin(" | ", row.Select(Cell)).Append(" |\n");
        }

        Append(sb.ToString());
    }

    private static string Cell(string text) =>
        text.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("|", "\\|", StringComparison.Ordinal).ReplaceLineEndings("<br>");
}
