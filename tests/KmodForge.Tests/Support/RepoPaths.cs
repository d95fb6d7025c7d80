namespace KmodForge.Tests.Support;

/// <summary>Paths the tests read: the repository root (the folder holding KmodForge.sln) and ../shared/data beside it.</summary>
public static class RepoPaths
{
    /// <summary>The repository root: the nearest ancestor of the test binaries holding KmodForge.sln.</summary>
    public static string Root { get; } = FindRoot();

    public static string Sample => Path.Combine(Root, "samples", "kmodforge-sample");

    /// <summary>
    /// The shared data folder beside the repository (never copied into it): ../shared/data, or the nearest shared/data
    /// further up (a git worktree sits one level deeper than the main checkout).
    /// </summary>
    public static string SharedData { get; } = FindSharedData();

    public static string KernelCrawler2022 => Path.Combine(SharedData, "kernel-crawler-2022-x86_64.json");

    private static string FindSharedData()
    {
        var beside = Path.GetFullPath(Path.Combine(Root, "..", "shared", "data"));
        for (var dir = Directory.GetParent(Root); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "shared", "data");
            if (Directory.Exists(candidate))
            {
                return candidate;
            }
        }

        return beside;
    }

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "KmodForge.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"KmodForge.sln not found above {AppContext.BaseDirectory}");
    }
}
