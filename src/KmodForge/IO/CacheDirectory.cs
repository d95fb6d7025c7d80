namespace KmodForge.IO;

/// <summary>Where KmodForge keeps its caches by default: <c>$XDG_CACHE_HOME/kmodforge</c>, else <c>~/.cache/kmodforge</c>.</summary>
public static class CacheDirectory
{
    public static string Default()
    {
        var xdg = Environment.GetEnvironmentVariable("XDG_CACHE_HOME");
        return !string.IsNullOrEmpty(xdg) && Path.IsPathRooted(xdg)
            ? Path.Combine(xdg, "kmodforge")
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache", "kmodforge");
    }
}
