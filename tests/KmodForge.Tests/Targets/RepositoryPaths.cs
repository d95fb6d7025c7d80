namespace KmodForge.Tests.Targets;

/// <summary>Paths the tests read: the repository root (the folder holding KmodForge.sln) and ../shared/data beside it.</summary>
public static class RepositoryPaths
{
    public static string Root { get; } = FindRoot();

    /// <summary>
    /// The shared data folder beside the repository (never copied into it): ../shared/data, or the nearest shared/data
    /// further up (a git worktree sits one level deeper than the main checkout).
    /// </summary>
    public static string SharedData { get; } = FindSharedData();

    public static string KernelCrawler2022 => Path.Combine(SharedData, "kernel-crawler-2022-x86_64.json");

    public static string SampleModule => Path.Combine(Root, "samples", "kmodforge-sample");

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
