using KmodForge.Errors;

namespace KmodForge.Packaging.Reading;

/// <summary>
/// Turns an archive member name into a safe install path, and checks link targets, so nothing a package holds can
/// name a place outside the extraction root. Returns the problem in words instead of the path when refused.
/// </summary>
internal static class EntryPaths
{
    /// <summary>
    /// <c>./lib/x.ko</c> → <c>/lib/x.ko</c>. Refuses absolute names (<c>/etc/x</c>: packages store <c>./</c>-relative
    /// names), <c>..</c> components, NUL and empty names. The archive root itself (<c>./</c>) gives <c>/</c>.
    /// </summary>
    public static (string? Path, string? Problem) Normalize(string name)
    {
        if (name.Length == 0 || name.Contains('\0'))
        {
            return (null, "has an empty name or a NUL character");
        }

        if (name.StartsWith('/'))
        {
            return (null, "has an absolute path; package members must be relative (./path)");
        }

        var parts = new List<string>();
        foreach (var part in name.Split('/'))
        {
            if (part == "..")
            {
                return (null, "has a '..' component, which could escape the extraction root");
            }

            if (part is not ("" or "."))
            {
                parts.Add(part);
            }
        }

        return ("/" + string.Join('/', parts), null);
    }

    /// <summary>Refuses symlink targets that are absolute or climb above the root from the link's directory.</summary>
    public static string? SymlinkProblem(string installPath, string target)
    {
        if (target.Length == 0 || target.Contains('\0'))
        {
            return "is a symlink with an empty or NUL-containing target";
        }

        if (target.StartsWith('/'))
        {
            return $"is a symlink to the absolute path {Printable.Quote(target)}, which points outside the extraction root";
        }

        var depth = installPath.Count(c => c == '/') - 1; // components of the link's directory
        foreach (var part in target.Split('/'))
        {
            depth += part switch { ".." => -1, "" or "." => 0, _ => 1 };
            if (depth < 0)
            {
                return $"is a symlink to {Printable.Quote(target)}, which points outside the extraction root";
            }
        }

        return null;
    }

    /// <summary>Hard link targets are member names: they must normalize like one.</summary>
    public static (string? Path, string? Problem) HardlinkTarget(string target)
    {
        var (path, problem) = Normalize(target);
        return problem is null ? (path, null) : (null, $"is a hard link to {Printable.Quote(target)}, which points outside the extraction root");
    }
}
