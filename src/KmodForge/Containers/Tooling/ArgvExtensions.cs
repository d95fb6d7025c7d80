using Cake.Core.IO;

namespace KmodForge.Containers.Tooling;

/// <summary>Appends argv entries (one value each, never a shell string) to Cake's argument builder.</summary>
public static class ArgvExtensions
{
    public static ProcessArgumentBuilder Arg(this ProcessArgumentBuilder builder, string value)
    {
        builder.Append(new ArgvArgument(value));
        return builder;
    }

    /// <summary>Appends <c>name value</c> as two entries when <paramref name="value"/> is set.</summary>
    public static ProcessArgumentBuilder Option(this ProcessArgumentBuilder builder, string name, string? value)
    {
        if (value is not null)
        {
            builder.Arg(name).Arg(value);
        }

        return builder;
    }

    /// <summary>Appends <c>name</c> when <paramref name="on"/>.</summary>
    public static ProcessArgumentBuilder Switch(this ProcessArgumentBuilder builder, string name, bool on)
    {
        if (on)
        {
            builder.Arg(name);
        }

        return builder;
    }

    /// <summary>Appends <c>name value</c> once per value.</summary>
    public static ProcessArgumentBuilder Repeated(this ProcessArgumentBuilder builder, string name, IEnumerable<string> values)
    {
        foreach (var value in values)
        {
            builder.Arg(name).Arg(value);
        }

        return builder;
    }

    /// <summary>The argv the process receives (the literal values, in order).</summary>
    public static IReadOnlyList<string> ToArgv(this ProcessArgumentBuilder builder) =>
        builder.Select(a => a is ArgvArgument v ? v.Value : ProcessArgumentEscaper.Unquote(a.Render())).ToList();
}
