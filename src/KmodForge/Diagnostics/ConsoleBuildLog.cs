namespace KmodForge.Diagnostics;

/// <summary>
/// The log for a person at a terminal (or a plain log file): a header line per phase and an end line with its
/// duration; progress redrawn in place at most 4 times a second on a terminal, else a plain line at most every 5 s.
/// </summary>
public sealed class ConsoleBuildLog(TextWriter output, BuildLogOptions options, bool isTerminal, bool color = false)
    : TextBuildLog(output, options, isTerminal ? TimeSpan.FromMilliseconds(250) : TimeSpan.FromSeconds(5))
{
    private const string ClearLine = "\r\u001b[K";
    private bool progressShown;

    protected override void StartPhase(string name, int depth) =>
        Write(Paint("1", $"{Indent(depth)}==> {name}"));

    protected override void EndPhase(string name, int depth, TimeSpan elapsed) =>
        Write($"{Indent(depth)}<== {name} done in {Seconds(elapsed)}");

    protected override void WriteLine(LogLineKind level, string message) => Write(level switch
    {
        LogLineKind.Warning => Paint("33", "warning: " + message),
        LogLineKind.Error => Paint("31", "error: " + message),
        LogLineKind.Verbose => Paint("2", message),
        _ => message,
    });

    protected override void WriteProgress(ProgressReport report)
    {
        if (!isTerminal)
        {
            Output.WriteLine(report.ToString());
            return;
        }

        Output.Write(ClearLine + report);
        progressShown = !report.IsComplete;
        if (report.IsComplete)
        {
            Output.WriteLine();
        }
    }

    private static string Indent(int depth) => new(' ', depth * 2);

    private void Write(string line)
    {
        if (progressShown)
        {
            // A live progress line is on screen: finish it so the message starts on a line of its own.
            Output.WriteLine();
            progressShown = false;
        }

        Output.WriteLine(line);
    }

    private string Paint(string sgr, string text) => color ? $"\u001b[{sgr}m{text}\u001b[0m" : text;
}
