using System.Text;
using KmodForge.TestSupport.GitHub;
using KmodForge.Tests.Support;

namespace KmodForge.Tests.Workflows;

/// <summary>The machine's container storage, as a fresh runner would see it.</summary>
internal static class LocalImages
{
    /// <summary>Removes tags (not images: the header layers built on them stay valid), as if the runner had never had them.</summary>
    public static Task UntagAsync(params string[] tags)
    {
        foreach (var tag in tags)
        {
            var result = ProcessRunner.OnPath("podman")
                ? ProcessRunner.Run("podman", "untag", tag, tag)
                : ProcessRunner.Run("docker", "rmi", "--no-prune", tag);
            result.EnsureSuccess($"untag {tag}");
        }

        return Task.CompletedTask;
    }
}

/// <summary>The driver's repository as the workflows check it out at <c>driver_version</c> (here: the same repository, a tag).</summary>
internal static class DriverRepository
{
    private const string MainSource = "samples/kmodforge-sample/kfsample_main.c";

    /// <summary>Tags a commit whose sample source carries <paramref name="marker"/> in its .modinfo, on a branch of its own.</summary>
    public static void TagWithMarker(GitHubState state, string tag, string marker)
    {
        var source = state.ReadFile("main", MainSource) ?? throw new InvalidOperationException($"{MainSource} is not in the repository");
        var branch = "release/" + tag;
        lock (state.Gate)
        {
            state.Refs["heads/" + branch] = state.Refs["heads/main"];
        }

        var sha = state.Commit(branch, new Dictionary<string, string> { [MainSource] = source + $"\nMODULE_INFO(scenario_source, \"{marker}\");\n" });
        lock (state.Gate)
        {
            state.Refs["tags/" + tag] = sha;
        }
    }

    /// <summary>The bytes of the module inside a published .deb asset, as Latin-1 text (for looking for strings).</summary>
    public static string ModuleText(GitHubState state, string tag, string assetName)
    {
        byte[] package;
        lock (state.Gate)
        {
            package = state.ReleaseByTag(tag)?.Assets.Single(a => a.Name == assetName).Content
                ?? throw new InvalidOperationException($"no release {tag}");
        }

        using var temp = new TempDirectory("kmodforge-asset");
        File.WriteAllBytes(temp.Combine(assetName), package);
        ProcessRunner.Run("dpkg-deb", "-x", temp.Combine(assetName), temp.Combine("x")).EnsureSuccess("dpkg-deb -x");
        var module = Directory.EnumerateFiles(temp.Combine("x"), "*.ko", SearchOption.AllDirectories).Single();
        return Encoding.Latin1.GetString(File.ReadAllBytes(module));
    }
}
