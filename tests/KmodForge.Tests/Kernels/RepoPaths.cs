namespace KmodForge.Tests.Kernels;

/// <summary>Finds the repository root (the folder holding KmodForge.sln) and the shared data folder beside it.</summary>
internal static class RepoPaths
{
    public static string Root
    {
        get
        {
            for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "KmodForge.sln")))
                {
                    return dir.FullName;
                }
            }

            throw new InvalidOperationException($"No KmodForge.sln above {AppContext.BaseDirectory}");
        }
    }

    /// <summary>../shared/data/&lt;name&gt; relative to the repository root, or null when absent.</summary>
    public static string? SharedData(string name)
    {
        var path = Path.GetFullPath(Path.Combine(Root, "..", "shared", "data", name));
        return File.Exists(path) ? path : null;
    }
}
