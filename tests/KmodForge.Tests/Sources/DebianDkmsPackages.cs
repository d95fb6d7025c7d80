using KmodForge.Tests.Support;

namespace KmodForge.Tests.Sources;

/// <summary>
/// Real DKMS source packages from Debian's archive, downloaded once into the user's cache
/// (<c>~/.cache/kmodforge-tests/dkms</c>) and reused; a download is bounded by a timeout and retried.
/// </summary>
internal static class DebianDkmsPackages
{
    public const string AcpiCallBookworm = "pool/main/a/acpi-call/acpi-call-dkms_1.2.2-2.1_all.deb";

    public const string Mirror = "https://deb.debian.org/debian/";

    public static string CacheDirectory { get; } = Path.Combine(
        Environment.GetEnvironmentVariable("XDG_CACHE_HOME") is { Length: > 0 } xdg ? xdg : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache"),
        "kmodforge-tests", "dkms");

    public static string CachedPath(string poolPath) => Path.Combine(CacheDirectory, Path.GetFileName(poolPath));

    /// <summary>Why the package cannot be had (null: it is cached, or the archive answers).</summary>
    public static string? Unavailable(string poolPath)
    {
        if (File.Exists(CachedPath(poolPath)))
        {
            return null;
        }

        try
        {
            using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(15) };
            using var head = http.Send(new HttpRequestMessage(HttpMethod.Head, Mirror + poolPath));
            return head.IsSuccessStatusCode ? null : $"{Mirror}{poolPath} answered {(int)head.StatusCode}";
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            return $"Debian's archive is unreachable ({e.Message}) and {CachedPath(poolPath)} is not cached";
        }
    }

    public static async Task<string> GetAsync(string poolPath)
    {
        var path = CachedPath(poolPath);
        if (File.Exists(path))
        {
            return path;
        }

        Directory.CreateDirectory(CacheDirectory);
        using var http = new HttpClient { Timeout = TimeSpan.FromMinutes(2) };
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                var bytes = await http.GetByteArrayAsync(Mirror + poolPath);
                var temp = path + ".tmp-" + Guid.NewGuid().ToString("N");
                await File.WriteAllBytesAsync(temp, bytes);
                File.Move(temp, path, overwrite: true);
                return path;
            }
            catch (Exception e) when (attempt < 3 && e is HttpRequestException or TaskCanceledException)
            {
                await Task.Delay(TimeSpan.FromSeconds(2 * attempt));
            }
        }
    }
}

/// <summary>A container test that also needs a real DKMS package from Debian's archive: skipped, saying why, when neither the cache nor the archive has it.</summary>
public sealed class DebianDkmsFactAttribute : FactAttribute
{
    public DebianDkmsFactAttribute(string poolPath)
    {
        Skip = new ContainerFactAttribute().Skip ?? (DebianDkmsPackages.Unavailable(poolPath) is { } why ? "needs " + poolPath + ": " + why : null);
    }
}
