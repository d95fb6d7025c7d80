using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using KmodForge.Errors;
using KmodForge.Targets;

namespace KmodForge.Packaging;

/// <summary>
/// The Debian control file (deb-control(5)) and maintainer scripts for a <see cref="PackageSpec"/>: pure text, so
/// what the .deb will say is testable without writing one.
/// </summary>
public static partial class DebControlFile
{
    /// <summary>The <c>control</c> file: one field per line, the description's body as continuation lines.</summary>
    public static string Render(PackageSpec spec, long installedSizeKiB)
    {
        Validate(spec);
        var sb = new StringBuilder();
        void Field(string name, string? value)
        {
            if (!string.IsNullOrEmpty(value))
            {
                sb.Append(name).Append(": ").Append(value).Append('\n');
            }
        }

        Field("Package", spec.Name);
        Field("Version", FullVersion(spec));
        Field("Architecture", spec.Architecture.DebianName());
        Field("Maintainer", spec.Maintainer);
        Field("Installed-Size", installedSizeKiB.ToString(CultureInfo.InvariantCulture));
        Field("Depends", string.Join(", ", spec.Depends));
        Field("Provides", string.Join(", ", spec.Provides));
        Field("Section", "kernel");
        Field("Priority", "optional");
        Field("Homepage", spec.Homepage);
        sb.Append("Description: ").Append(spec.Summary).Append('\n');
        // deb-control(5): continuation lines start with a space; paragraphs are separated by " .". Each paragraph is
        // filled and wrapped at words so every line fits 80 columns (Debian policy 3.4.1).
        var paragraphs = spec.Description.Replace("\r\n", "\n", StringComparison.Ordinal).Trim('\n')
            .Split("\n\n", StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        for (var p = 0; p < paragraphs.Length; p++)
        {
            if (p > 0)
            {
                sb.Append(" .\n");
            }

            foreach (var wrapped in Wrap(paragraphs[p].Replace('\n', ' '), MaxDescriptionLine))
            {
                sb.Append(' ').Append(wrapped).Append('\n');
            }
        }

        return sb.ToString();
    }

    /// <summary>The longest description text per line, so that with its leading space a line stays within 80 columns.</summary>
    public const int MaxDescriptionLine = 79;

    /// <summary>Splits <paramref name="text"/> at spaces into lines of at most <paramref name="width"/> characters (a longer word stays whole).</summary>
    internal static IEnumerable<string> Wrap(string text, int width)
    {
        var line = new StringBuilder();
        foreach (var word in text.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            if (line.Length > 0 && line.Length + 1 + word.Length > width)
            {
                yield return line.ToString();
                line.Clear();
            }

            line.Append(line.Length > 0 ? " " : string.Empty).Append(word);
        }

        if (line.Length > 0)
        {
            yield return line.ToString();
        }
    }

    /// <summary>Debian's version: <c>&lt;upstream&gt;-&lt;revision&gt;</c>.</summary>
    public static string FullVersion(PackageSpec spec) => $"{spec.Version}-{spec.Release}";

    /// <summary>
    /// A maintainer script running <paramref name="body"/> (a POSIX sh fragment) for the given dpkg actions only,
    /// e.g. <c>configure</c> for postinst and <c>remove|purge</c> for postrm.
    /// </summary>
    public static string MaintainerScript(string body, string actions) =>
        $"""
        #!/bin/sh
        set -e

        case "$1" in
            {actions})
        {Indent(body.TrimEnd(), "        ")}
                ;;
        esac

        exit 0

        """.Replace("\r\n", "\n", StringComparison.Ordinal);

    /// <summary>Checks every value that ends up in the control file; throws <see cref="ArgumentException"/> naming the field.</summary>
    public static void Validate(PackageSpec spec)
    {
        Require(spec.Name, "Name", DebName().IsMatch(spec.Name), "a Debian package name: lowercase letters, digits and + - ., starting with a letter or digit, at least 2 characters");
        Require(spec.Version, "Version", DebUpstream().IsMatch(spec.Version), "a Debian upstream version: starts with a digit; letters, digits and . + ~ -");
        Require(spec.Release, "Release", DebRevision().IsMatch(spec.Release), "a Debian revision: letters, digits and . + ~");
        foreach (var (name, value) in new[] { ("Maintainer", spec.Maintainer), ("Summary", spec.Summary), ("Homepage", spec.Homepage ?? "x") }
                     .Concat(spec.Depends.Select(d => ("Depends", d)))
                     .Concat(spec.Provides.Select(p => ("Provides", p))))
        {
            Require(value, name, value.Length > 0 && !value.Any(char.IsControl) && value.Trim() == value, "a single line of text without control characters");
        }

        Require(spec.Description, "Description", !spec.Description.Any(c => char.IsControl(c) && c is not ('\n' or '\r')), "text without control characters other than line breaks");
    }

    private static void Require(string value, string field, bool ok, string accepted)
    {
        if (!ok)
        {
            throw new ArgumentException($"package {field}: {Printable.Quote(value)} is not {accepted}", field);
        }
    }

    private static string Indent(string text, string prefix) =>
        string.Join('\n', text.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n').Select(l => l.Length == 0 ? l : prefix + l));

    [GeneratedRegex(@"^[a-z0-9][a-z0-9+.-]+\z", RegexOptions.CultureInvariant)]
    private static partial Regex DebName();

    [GeneratedRegex(@"^[0-9][A-Za-z0-9.+~-]*\z", RegexOptions.CultureInvariant)]
    private static partial Regex DebUpstream();

    [GeneratedRegex(@"^[A-Za-z0-9.+~]+\z", RegexOptions.CultureInvariant)]
    private static partial Regex DebRevision();
}
