using System.Text;
using System.Text.Json;

namespace KmodForge.Images.ImageCache;

/// <summary>One COPY/ADD source of a Dockerfile: a path (or glob) in the build context, or a remote URL.</summary>
/// <param name="Line">The 1-based line where the instruction starts, for error messages.</param>
public sealed record DockerfileSource(string Path, bool IsUrl, int Line);

/// <summary>
/// Reads what a Dockerfile takes from its build context: the sources of every <c>COPY</c> and <c>ADD</c> (shell and
/// JSON forms, flags skipped, line continuations joined, comments ignored). Copies from another stage or image
/// (<c>--from=</c>) and heredocs (their text is in the Dockerfile itself) take nothing from the context.
/// </summary>
public static class DockerfileSources
{
    public static IReadOnlyList<DockerfileSource> Parse(string dockerfile)
    {
        var sources = new List<DockerfileSource>();
        foreach (var (line, text) in LogicalLines(dockerfile))
        {
            var trimmed = text.TrimStart();
            var space = trimmed.IndexOfAny([' ', '\t']);
            if (space < 0)
            {
                continue;
            }

            var instruction = trimmed[..space].ToUpperInvariant();
            if (instruction is not ("COPY" or "ADD"))
            {
                continue;
            }

            var rest = trimmed[space..].Trim();
            var fromOtherStage = false;
            while (rest.StartsWith("--", StringComparison.Ordinal))
            {
                var end = rest.IndexOfAny([' ', '\t']);
                var flag = end < 0 ? rest : rest[..end];
                fromOtherStage |= flag.StartsWith("--from=", StringComparison.OrdinalIgnoreCase);
                rest = end < 0 ? string.Empty : rest[end..].TrimStart();
            }

            if (fromOtherStage || rest.Length == 0)
            {
                continue;
            }

            var arguments = rest.StartsWith('[') ? JsonArguments(rest, line) : rest.Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries);
            foreach (var source in arguments.Take(arguments.Count - 1).Where(s => !s.StartsWith("<<", StringComparison.Ordinal)))
            {
                var isUrl = instruction == "ADD" && (source.Contains("://", StringComparison.Ordinal) || source.StartsWith("git@", StringComparison.Ordinal));
                sources.Add(new DockerfileSource(source, isUrl, line));
            }
        }

        return sources;
    }

    /// <summary>Instructions with their continuation lines joined, and the line each starts on; comment lines dropped.</summary>
    private static IEnumerable<(int Line, string Text)> LogicalLines(string dockerfile)
    {
        var current = new StringBuilder();
        var start = 0;
        var lines = dockerfile.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i];
            if (line.TrimStart().StartsWith('#'))
            {
                continue;
            }

            if (current.Length == 0)
            {
                start = i + 1;
            }

            var body = line.TrimEnd();
            if (body.EndsWith('\\'))
            {
                current.Append(body[..^1]).Append(' ');
                continue;
            }

            current.Append(body);
            if (current.ToString().Trim().Length > 0)
            {
                yield return (start, current.ToString());
            }

            current.Clear();
        }

        if (current.ToString().Trim().Length > 0)
        {
            yield return (start, current.ToString());
        }
    }

    private static IReadOnlyList<string> JsonArguments(string json, int line)
    {
        try
        {
            return JsonSerializer.Deserialize<string[]>(json) ?? [];
        }
        catch (JsonException e)
        {
            throw new FormatException($"Dockerfile line {line}: the JSON form of COPY/ADD is not a string array ({e.Message}).", e);
        }
    }
}
