using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace KmodForge.IO;

/// <summary>
/// When each cache entry (a header layer, a base-image tarball, a bootstrapped root filesystem) was last used by a
/// build, and the leases builds hold on them. The index is one small JSON file, <c>&lt;cache-dir&gt;/cache-use.json</c>
/// (entry key → UTC time), read and rewritten under a file lock and replaced atomically, so concurrent builds in any
/// number of processes never lose each other's records. An image label cannot record this: a label cannot be changed
/// on an existing image, and a file's time changes when it is read or copied, not when a build uses it.
/// </summary>
public sealed class CacheUse(string cacheDirectory)
{
    public const string IndexFileName = "cache-use.json";

    public string Directory { get; } = Path.GetFullPath(cacheDirectory);

    public string IndexPath => Path.Combine(Directory, IndexFileName);

    /// <summary>The key of a header layer (or any image): <c>image:&lt;reference&gt;</c>.</summary>
    public static string ImageKey(string reference) => "image:" + reference;

    /// <summary>The key of a cached file: <c>file:&lt;full path&gt;</c>.</summary>
    public static string FileKey(string path) => "file:" + Path.GetFullPath(path);

    /// <summary>The lease file of an entry: <c>&lt;cache-dir&gt;/locks/leases/&lt;hash of the key&gt;.lease</c>.</summary>
    public string LeasePath(string key) =>
        Path.Combine(Directory, "locks", "leases", Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)))[..24] + ".lease");

    /// <summary>Takes a shared lease on the entry (a pruner will not remove it while held) and records the use.</summary>
    public async Task<FileLease> UseAsync(string key, CancellationToken cancellationToken)
    {
        var lease = await FileLease.AcquireSharedAsync(LeasePath(key), cancellationToken).ConfigureAwait(false);
        try
        {
            await RecordAsync(key, DateTimeOffset.UtcNow, cancellationToken).ConfigureAwait(false);
            return lease;
        }
        catch
        {
            lease.Dispose();
            throw;
        }
    }

    /// <summary>Records that a build used the entry at <paramref name="when"/> (a later record is never replaced by an earlier one).</summary>
    public Task RecordAsync(string key, DateTimeOffset when, CancellationToken cancellationToken) =>
        UpdateAsync(entries =>
        {
            if (!entries.TryGetValue(key, out var previous) || previous < when)
            {
                entries[key] = when.ToUniversalTime();
            }
        }, cancellationToken);

    /// <summary>Removes the records of entries that were pruned.</summary>
    public Task ForgetAsync(IReadOnlyCollection<string> keys, CancellationToken cancellationToken) =>
        UpdateAsync(entries =>
        {
            foreach (var key in keys)
            {
                entries.Remove(key);
            }
        }, cancellationToken);

    /// <summary>Every recorded use. A missing or unreadable index reads as empty (uses then fall back to creation times).</summary>
    public IReadOnlyDictionary<string, DateTimeOffset> Read()
    {
        try
        {
            return Parse(File.ReadAllText(IndexPath));
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException or JsonException)
        {
            return new Dictionary<string, DateTimeOffset>(StringComparer.Ordinal);
        }
    }

    private async Task UpdateAsync(Action<Dictionary<string, DateTimeOffset>> change, CancellationToken cancellationToken)
    {
        using var held = await FileLock.AcquireAsync(Path.Combine(Directory, "locks", IndexFileName + ".lock"), null, cancellationToken).ConfigureAwait(false);
        var entries = new Dictionary<string, DateTimeOffset>(Read(), StringComparer.Ordinal);
        change(entries);
        var text = JsonSerializer.Serialize(
            new SortedDictionary<string, string>(entries.ToDictionary(e => e.Key, e => e.Value.UtcDateTime.ToString("O", CultureInfo.InvariantCulture)), StringComparer.Ordinal),
            new JsonSerializerOptions { WriteIndented = true });
        AtomicFile.WriteAllText(IndexPath, text + "\n");
    }

    private static Dictionary<string, DateTimeOffset> Parse(string json)
    {
        var result = new Dictionary<string, DateTimeOffset>(StringComparer.Ordinal);
        foreach (var (key, value) in JsonSerializer.Deserialize<Dictionary<string, string>>(json) ?? [])
        {
            if (DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var when))
            {
                result[key] = when;
            }
        }

        return result;
    }
}
