using KmodForge.IO;

namespace KmodForge.Caching;

/// <summary>
/// The files under the cache folders as cache entries: base-image tarballs in the image cache folder
/// (<c>base-&lt;distro&gt;-&lt;version&gt;-&lt;arch&gt;-&lt;key&gt;.tar[.gz|.zst]</c>, with their <c>.sha256</c>), guarded
/// by the per-key lock a restore holds, and bootstrapped root filesystems (<c>&lt;cache-dir&gt;/rootfs/*.tar</c>),
/// guarded by the per-root-filesystem lock the bootstrapper holds.
/// </summary>
public sealed class FileInventory(CacheUse uses, string imageCacheDirectory, string cacheDirectory)
{
    private static readonly string[] Compressions = [".tar.zst", ".tar.gz", ".tar"];

    public IReadOnlyList<CacheEntry> List()
    {
        var recorded = uses.Read();
        var entries = new List<CacheEntry>();
        foreach (var file in Files(imageCacheDirectory, "base-*.tar*"))
        {
            var extension = Compressions.FirstOrDefault(e => file.Name.EndsWith(e, StringComparison.Ordinal));
            if (extension is null)
            {
                continue;
            }

            var stem = file.Name[..^extension.Length];
            var checksum = new FileInfo(file.FullName + ".sha256");
            entries.Add(Entry(CacheEntryKind.BaseImageTarball, file, recorded, Path.Combine(imageCacheDirectory, "locks", stem + ".tar.lock"),
                checksum.Exists ? checksum.Length : 0));
        }

        foreach (var file in Files(Path.Combine(cacheDirectory, "rootfs"), "*.tar"))
        {
            entries.Add(Entry(CacheEntryKind.RootFilesystem, file, recorded, Path.Combine(cacheDirectory, "locks", "rootfs-" + file.Name[..^".tar".Length] + ".lock"), 0));
        }

        return entries;
    }

    /// <summary>Whether a build holds the per-image lock now (taken and released at once when free).</summary>
    public static bool IsHeld(string lockPath)
    {
        using var probe = FileLock.TryAcquire(lockPath);
        return probe is null;
    }

    private static IEnumerable<FileInfo> Files(string directory, string pattern) =>
        Directory.Exists(directory)
            ? new DirectoryInfo(directory).EnumerateFiles(pattern).Where(f => !f.Name.StartsWith('.')).OrderBy(f => f.Name, StringComparer.Ordinal)
            : [];

    private CacheEntry Entry(CacheEntryKind kind, FileInfo file, IReadOnlyDictionary<string, DateTimeOffset> recorded, string lockPath, long extraBytes)
    {
        var key = CacheUse.FileKey(file.FullName);
        var used = recorded.TryGetValue(key, out var when);
        return new CacheEntry(kind, file.FullName, key, file.Length + extraBytes, used ? when : new DateTimeOffset(file.LastWriteTimeUtc, TimeSpan.Zero), used, lockPath)
        {
            Held = IsHeld(lockPath),
        };
    }
}
