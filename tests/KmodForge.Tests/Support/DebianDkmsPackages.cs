using System.IO.Compression;
using System.Security.Cryptography;
using KmodForge.IO;
using KmodForge.Net;

namespace KmodForge.Tests.Support;

/// <summary>
/// Real DKMS source packages from Debian's archive, for the dkms.conf builds: reads the suite's <c>main/binary-all/Packages.gz</c>,
/// downloads the package's pool file, checks its SHA256 against the index, keeps it in the cache
/// (<c>$KMODFORGE_CACHE_DIR/debian-dkms</c>, default <c>~/.cache/kmodforge/debian-dkms</c>) and extracts it with
/// <c>dpkg-deb -x</c>. The returned directory is <c>/usr/src/&lt;name&gt;-&lt;version&gt;</c> of the package. Offline, a package
/// already in the cache is used; otherwise it fails saying that deb.debian.org was not reachable.
/// </summary>
internal static class DebianDkmsPackages
{
    private const string Mirror = "http://deb.debian.org/debian";

    private static readonly HttpClient Http = new(new RetryHandler(new RetryOptions { MaxAttempts = 4, AttemptTimeout = TimeSpan.FromSeconds(120) }))
    {
        Timeout = TimeSpan.FromMinutes(10),
    };

    private static readonly SemaphoreSlim Gate = new(1, 1);

    public static string CacheDirectory => Path.Combine(
        Environment.GetEnvironmentVariable("KMODFORGE_CACHE_DIR") is { Length: > 0 } dir ? dir
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache", "kmodforge"),
        "debian-dkms");

    /// <summary>The package's .deb in the cache (downloaded and verified when missing or when the index names a newer one).</summary>
    public static async Task<string> DebAsync(string suite, string package)
    {
        await Gate.WaitAsync();
        try
        {
            Directory.CreateDirectory(CacheDirectory);
            (string Filename, string Sha256)? entry;
            try
            {
                entry = Find(await IndexAsync(suite), package);
            }
            catch (HttpRequestException e)
            {
                // Offline: the newest cached download of the package, if any.
                var cached = Directory.GetFiles(CacheDirectory, $"{package}_*.deb").Order(StringComparer.Ordinal).LastOrDefault();
                return cached ?? throw new InvalidOperationException(
                    $"deb.debian.org is not reachable ({e.Message}) and {package} ({suite}) is not in the cache {CacheDirectory}: these tests need Debian's archive once", e);
            }

            var (filename, sha256) = entry ?? throw new InvalidOperationException($"{package} is not in Debian {suite}'s main/binary-all Packages index");
            var path = Path.Combine(CacheDirectory, Path.GetFileName(filename));
            if (File.Exists(path) && Sha256Of(path) == sha256)
            {
                return path;
            }

            var bytes = await Http.GetByteArrayAsync($"{Mirror}/{filename}");
            var actual = Convert.ToHexStringLower(SHA256.HashData(bytes));
            if (actual != sha256)
            {
                throw new InvalidOperationException($"{Mirror}/{filename} has SHA256 {actual}, but Debian {suite}'s index says {sha256}");
            }

            AtomicFile.WriteAllBytes(path, bytes);
            return path;
        }
        finally
        {
            Gate.Release();
        }
    }

    private static async Task<string> IndexAsync(string suite)
    {
        var path = Path.Combine(CacheDirectory, $"{suite}-Packages");
        if (File.Exists(path) && File.GetLastWriteTimeUtc(path) > DateTime.UtcNow.AddDays(-1))
        {
            return await File.ReadAllTextAsync(path);
        }

        var gz = await Http.GetByteArrayAsync($"{Mirror}/dists/{suite}/main/binary-all/Packages.gz");
        using var reader = new StreamReader(new GZipStream(new MemoryStream(gz), CompressionMode.Decompress));
        var text = await reader.ReadToEndAsync();
        AtomicFile.WriteAllText(path, text);
        return text;
    }

    private static (string Filename, string Sha256)? Find(string index, string package)
    {
        foreach (var stanza in index.Split("\n\n"))
        {
            var fields = stanza.Split('\n').Where(l => l.Contains(": ", StringComparison.Ordinal))
                .Select(l => l.Split(": ", 2)).GroupBy(p => p[0]).ToDictionary(g => g.Key, g => g.First()[1]);
            if (fields.GetValueOrDefault("Package") == package && fields.TryGetValue("Filename", out var file) && fields.TryGetValue("SHA256", out var sha))
            {
                return (file, sha);
            }
        }

        return null;
    }

    private static string Sha256Of(string path)
    {
        using var stream = File.OpenRead(path);
        return Convert.ToHexStringLower(SHA256.HashData(stream));
    }
}
