namespace KmodForge.Loader.Detection;

/// <summary>
/// /etc/os-release as systemd's os-release(5) defines it: KEY=value lines, values optionally in single or double
/// quotes with backslash escapes, comments and blank lines ignored.
/// </summary>
public static class OsRelease
{
    public static IReadOnlyDictionary<string, string> Parse(string content)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var raw in content.Split('\n'))
        {
            var line = raw.Trim();
            var eq = line.IndexOf('=');
            if (line.Length == 0 || line[0] == '#' || eq <= 0)
            {
                continue;
            }

            values[line[..eq].Trim()] = Unquote(line[(eq + 1)..].Trim());
        }

        return values;
    }

    private static string Unquote(string value)
    {
        if (value.Length >= 2 && (value[0] == '"' || value[0] == '\'') && value[^1] == value[0])
        {
            value = value[1..^1];
        }

        var sb = new System.Text.StringBuilder(value.Length);
        for (var i = 0; i < value.Length; i++)
        {
            sb.Append(value[i] == '\\' && i + 1 < value.Length ? value[++i] : value[i]);
        }

        return sb.ToString();
    }
}
