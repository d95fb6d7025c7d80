using System.Collections;

namespace KmodForge.Containers.Tooling;

/// <summary>A command's argv, built one value at a time (never a shell string).</summary>
public sealed class CommandArguments : IEnumerable<ArgvArgument>
{
    private readonly List<ArgvArgument> arguments = [];

    public CommandArguments Arg(string value) => Append(new ArgvArgument(value));

    public CommandArguments Append(ArgvArgument argument)
    {
        ArgumentNullException.ThrowIfNull(argument);
        arguments.Add(argument);
        return this;
    }

    /// <summary>Appends <c>name value</c> as two entries when <paramref name="value"/> is set.</summary>
    public CommandArguments Option(string name, string? value) => value is null ? this : Arg(name).Arg(value);

    /// <summary>Appends <c>name</c> when <paramref name="on"/>.</summary>
    public CommandArguments Switch(string name, bool on) => on ? Arg(name) : this;

    /// <summary>Appends <c>name value</c> once per value.</summary>
    public CommandArguments Repeated(string name, IEnumerable<string> values)
    {
        foreach (var value in values)
        {
            Arg(name).Arg(value);
        }

        return this;
    }

    /// <summary>The argv the process receives (the literal values, in order).</summary>
    public IReadOnlyList<string> ToArgv() => arguments.Select(a => a.Value).ToList();

    /// <summary>The arguments as a log shows them (secrets redacted).</summary>
    public string RenderSafe() => string.Join(' ', arguments.Select(a => a.RenderSafe()));

    public IEnumerator<ArgvArgument> GetEnumerator() => arguments.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
