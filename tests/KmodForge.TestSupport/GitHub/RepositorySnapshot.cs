using System.Diagnostics;
using System.Formats.Tar;
using System.IO.Compression;
using System.Text;

namespace KmodForge.TestSupport.GitHub;

/// <summary>
/// A commit's files in and out of <see cref="GitHubState"/>: seeded from a working directory (the files git would check
/// out, uncommitted work included, with their executable bits), served as GitHub's tarball (top folder
/// <c>{owner}-{repo}-{sha7}/</c>, modes 0644/0755, file times the commit's time) and written to a directory.
/// </summary>
public static class RepositorySnapshot
{
    /// <summary>Commits the files of <paramref name="directory"/> (<c>git ls-files -co --exclude-standard</c>) on <paramref name="branch"/>.</summary>
    public static string Seed(GitHubState state, string directory, string branch)
    {
        var files = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        var executables = new List<string>();
        foreach (var path in ListFiles(directory))
        {
            var full = Path.Combine(directory, path);
            var info = new FileInfo(full);
            if (!info.Exists || info.LinkTarget is not null)
            {
                continue;
            }

            files[path] = File.ReadAllBytes(full);
            if (!OperatingSystem.IsWindows() && (File.GetUnixFileMode(full) & UnixFileMode.UserExecute) != 0)
            {
                executables.Add(path);
            }
        }

        return state.CommitTree(branch, files, executables);
    }

    private static IEnumerable<string> ListFiles(string directory)
    {
        var start = new ProcessStartInfo("git") { WorkingDirectory = directory, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in new[] { "ls-files", "-z", "-co", "--exclude-standard" })
        {
            start.ArgumentList.Add(arg);
        }

        using var git = Process.Start(start) ?? throw new InvalidOperationException("git could not be started");
        var errors = git.StandardError.ReadToEndAsync();
        var output = git.StandardOutput.ReadToEnd();
        git.WaitForExit();
        if (git.ExitCode != 0)
        {
            throw new InvalidOperationException($"git ls-files failed in {directory}: {errors.Result}");
        }

        return output.Split('\0', StringSplitOptions.RemoveEmptyEntries).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal);
    }

    /// <summary>GitHub's tarball of commit <paramref name="sha"/>: a gzip'd tar with a pax header naming the commit.</summary>
    public static void WriteTarball(GitHubState state, string owner, string repo, string sha, Stream output)
    {
        ImmutableFiles(state, sha, out var files, out var time);
        var top = $"{owner}-{repo}-{sha[..7]}/";
        using var gzip = new GZipStream(output, CompressionLevel.Fastest, leaveOpen: true);
        using var tar = new TarWriter(gzip, TarEntryFormat.Pax, leaveOpen: true);
        tar.WriteEntry(new PaxGlobalExtendedAttributesTarEntry(new Dictionary<string, string> { ["comment"] = sha }));
        var directories = new SortedSet<string>(StringComparer.Ordinal) { string.Empty };
        foreach (var path in files.Keys)
        {
            for (var slash = path.IndexOf('/', StringComparison.Ordinal); slash > 0; slash = path.IndexOf('/', slash + 1))
            {
                directories.Add(path[..(slash + 1)]);
            }
        }

        foreach (var dir in directories)
        {
            tar.WriteEntry(new PaxTarEntry(TarEntryType.Directory, top + dir) { Mode = Mode(0b111_101_101), ModificationTime = time });
        }

        foreach (var (path, content) in files.OrderBy(f => f.Key, StringComparer.Ordinal))
        {
            var entry = new PaxTarEntry(TarEntryType.RegularFile, top + path)
            {
                Mode = Mode(state.IsExecutable(sha, path) ? 0b111_101_101 : 0b110_100_100),
                ModificationTime = time,
                DataStream = new MemoryStream(content),
            };
            tar.WriteEntry(entry);
        }
    }

    /// <summary>Writes commit <paramref name="sha"/>'s files under <paramref name="directory"/> (modes kept).</summary>
    public static void WriteTo(GitHubState state, string sha, string directory)
    {
        ImmutableFiles(state, sha, out var files, out _);
        foreach (var (path, content) in files)
        {
            var full = Path.Combine(directory, path);
            Directory.CreateDirectory(Path.GetDirectoryName(full)!);
            File.WriteAllBytes(full, content);
            if (!OperatingSystem.IsWindows())
            {
                File.SetUnixFileMode(full, Mode(state.IsExecutable(sha, path) ? 0b111_101_101 : 0b110_100_100));
            }
        }
    }

    /// <summary>The text of <paramref name="path"/> at commit <paramref name="sha"/>, or null.</summary>
    public static string? ReadText(GitHubState state, string sha, string path)
    {
        lock (state.Gate)
        {
            return state.Commits.TryGetValue(sha, out var files) && files.TryGetValue(path, out var bytes) ? Encoding.UTF8.GetString(bytes) : null;
        }
    }

    private static void ImmutableFiles(GitHubState state, string sha, out IReadOnlyDictionary<string, byte[]> files, out DateTimeOffset time)
    {
        lock (state.Gate)
        {
            files = state.Commits[sha];
        }

        time = state.CommitTime(sha);
    }

    private static UnixFileMode Mode(int bits) => (UnixFileMode)bits;
}
