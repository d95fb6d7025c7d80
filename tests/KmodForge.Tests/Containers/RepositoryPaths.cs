namespace KmodForge.Tests.Containers;

/// <summary>Finds the repository root (the folder with KmodForge.sln) from the test's base directory.</summary>
internal static class RepositoryPaths
{
    public static string Root { get; } = Find();

    private static string Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "KmodForge.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"No KmodForge.sln above {AppContext.BaseDirectory}.");
    }
}
