using System.Text;

namespace KmodForge.Containers.Tooling;

/// <summary>
/// Collects a process's output lines as they arrive: forwards each to an observer, keeps standard output and standard
/// error (each capped), and the last <see cref="TailLines"/> lines of standard error for error messages.
/// </summary>
internal sealed class OutputCollector(Action<string>? onLine)
{
    public const int TailLines = 40;
    private const int MaxKeptChars = 4 * 1024 * 1024;

    private readonly Lock gate = new();
    private readonly StringBuilder stdout = new();
    private readonly StringBuilder stderr = new();
    private readonly Queue<string> tail = new();

    public string? OnStandardOutput(string? line)
    {
        if (line is null)
        {
            return line;
        }

        lock (gate)
        {
            Append(stdout, line);
        }

        onLine?.Invoke(line);
        return line;
    }

    public string? OnStandardError(string? line)
    {
        if (line is null)
        {
            return line;
        }

        lock (gate)
        {
            Append(stderr, line);
            tail.Enqueue(line);
            if (tail.Count > TailLines)
            {
                tail.Dequeue();
            }
        }

        onLine?.Invoke("stderr: " + line);
        return line;
    }

    public CommandResult Result(string commandLine, int exitCode)
    {
        lock (gate)
        {
            return new CommandResult(commandLine, exitCode, stdout.ToString(), stderr.ToString(), tail.ToList());
        }
    }

    private static void Append(StringBuilder sb, string line)
    {
        if (sb.Length < MaxKeptChars)
        {
            sb.Append(line).Append('\n');
        }
    }
}
