using Cake.Core;
using KmodForge.Configuration;

namespace Cake.Frosting;

/// <summary>Prints usage, the tasks with their descriptions, and every registered setting with its environment variable.</summary>
internal sealed class HelpPrinter(IConsole console, IReadOnlyList<Type> taskTypes, IEnumerable<SettingsRegistration> settings)
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
        var rows = settings.Select(r => r.Type).Distinct().SelectMany(SettingRows).ToList();
        if (rows.Count > 0)
        {
            console.WriteLine();
            console.WriteLine("Settings (an argument wins over its environment variable):");
            Table(rows);
        }
    }

    private static IEnumerable<(string, string)> SettingRows(Type type)
    {
        var defaults = Activator.CreateInstance(type);
        foreach (var (property, setting) in SettingsBinder.Describe(type))
        {
            var environment = string.Join(", ", new[] { setting.EnvironmentVariable }.Concat(setting.AlsoFromEnvironment));
            var value = setting.Secret ? "<secret>" : "<" + ValueKind(property.PropertyType) + ">";
            var shownDefault = setting.Secret ? null : Shown(property.GetValue(defaults));
            var text = setting.Description
                + (setting.Secret ? " (secret, never printed)" : string.Empty)
                + (shownDefault is null ? string.Empty : $" (default: {shownDefault})");
            yield return ($"--{setting.Name}={value}", $"{text}{Environment.NewLine}env {environment}");
        }
    }

    private static string ValueKind(Type type)
    {
        var t = Nullable.GetUnderlyingType(type) ?? type;
        return t.IsEnum ? string.Join("|", Enum.GetNames(t).Select(n => n.ToLowerInvariant()))
            : t == typeof(bool) ? "true|false"
            : t == typeof(int) ? "number"
            : t == typeof(TimeSpan) ? "seconds"
            : t == typeof(string[]) || t == typeof(IReadOnlyList<string>) ? "a,b,..."
            : "value";
    }

    private static string? Shown(object? value) => value switch
    {
        null => null,
        string s => s.Length == 0 ? null : s,
        TimeSpan span => span.TotalSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture) + " s",
        Enum e => e.ToString().ToLowerInvariant(),
        bool b => b ? "true" : null,
        IEnumerable<string> list => list.Any() ? string.Join(",", list) : null,
        var other => Convert.ToString(other, System.Globalization.CultureInfo.InvariantCulture),
    };

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
