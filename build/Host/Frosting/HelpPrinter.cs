using Cake.Core;

namespace Cake.Frosting;

/// <summary>Prints usage, the tasks with their descriptions, and every registered <see cref="IHelpSection"/>.</summary>
internal sealed class HelpPrinter(IConsole console, IReadOnlyList<Type> taskTypes, IEnumerable<IHelpSection> sections)
{
    private static readonly (string Option, string Text)[] Options =
    [
        ("--target, -t <task>", "Task to run (default: Default); may be given more than once"),
        ("--verbosity, -v <level>", "quiet, minimal, normal (default), verbose or diagnostic"),
        ("--dryrun", "Show the tasks that would run, without running them"),
        ("--tree", "Show the task dependency tree"),
        ("--description", "Show every task with its description"),
        ("--exclusive, -e", "Run only the target, not its dependencies"),
        ("--help, -h", "Show this help"),
    ];

    public void Print()
    {
        console.WriteLine("Usage: ./build.sh [--target <task>] [options] [--<setting>=<value> ...]");
        console.WriteLine();
        console.WriteLine("Options:");
        Table(Options);
        console.WriteLine();
        console.WriteLine("Tasks:");
        if (taskTypes.Count == 0)
        {
            console.WriteLine("  (none)");
        }

        Table(taskTypes.Select(t => (TaskType.Name(t), TaskType.Description(t) ?? string.Empty))
            .OrderBy(t => t.Item1, StringComparer.OrdinalIgnoreCase).ToList());
        foreach (var section in sections)
        {
            var rows = section.Rows().ToList();
            if (rows.Count > 0)
            {
                console.WriteLine();
                console.WriteLine(section.Title);
                Table(rows);
            }
        }
    }

    private void Table(IReadOnlyCollection<(string Left, string Right)> rows)
    {
        var width = rows.Count == 0 ? 0 : rows.Max(r => r.Left.Length) + 2;
        foreach (var (left, right) in rows)
        {
            var lines = right.Split(Environment.NewLine);
            console.WriteLine("  {0}{1}", left.PadRight(width), lines[0]);
            foreach (var line in lines.Skip(1))
            {
                console.WriteLine("  {0}{1}", new string(' ', width), line);
            }
        }
    }
}
