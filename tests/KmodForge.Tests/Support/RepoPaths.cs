namespace KmodForge.Tests.Support;

/// <summary>Paths of the repository and of the shared data beside it (never copied into the repository).</summary>
public static class RepoPaths
{
    /// <summary>The repository root: the nearest ancestor of the test binaries holding KmodForge.sln.</summary>
    public static string Root { get; } = FindRoot();

    public static string Sample => Path.Combine(Root, "samples", "kmodforge-sample");

    /// <summary>../shared/data beside the repository (present on developer machines and in CI).</summary>
    public static string SharedData => Path.GetFullPath(Path.Combine(Root, "..", "shared", "data"));

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
