using KmodForge.Errors;
using KmodForge.IO;

namespace KmodForge.Storage;

/// <summary>
/// A blob store in a local directory: key <c>a/b/c.tar</c> is the file <c>&lt;root&gt;/a/b/c.tar</c>. Keys are validated
/// segment by segment (see <see cref="StoreNames"/>), so no key reaches outside the root; writes are atomic.
/// </summary>
public sealed class LocalDirectoryBlobStore(string root) : IBlobStore
{
    public const int MaxKeyLength = 1024;

    public string Root { get; } = Path.GetFullPath(root);

    public string Description => $"local directory {Root}";

    public Task<bool> ExistsAsync(string key, CancellationToken cancellationToken) =>
        Task.FromResult(File.Exists(PathOf(key)));

    public Task PutAsync(string key, string sourcePath, CancellationToken cancellationToken) =>
        AtomicFile.WriteAsync(PathOf(key), async (stream, ct) =>
        {
            await using var source = new FileStream(sourcePath, FileMode.Open, FileAccess.Read, FileShare.Read, 81920, useAsync: true);
            await source.CopyToAsync(stream, ct).ConfigureAwait(false);
        }, cancellationToken);

    public async Task<bool> GetAsync(string key, string destinationPath, CancellationToken cancellationToken)
    {
        var path = PathOf(key);
        if (!File.Exists(path))
        {
            return false;
        }

        await AtomicFile.WriteAsync(destinationPath, async (stream, ct) =>
        {
            await using var source = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 81920, useAsync: true);
            await source.CopyToAsync(stream, ct).ConfigureAwait(false);
        }, cancellationToken).ConfigureAwait(false);
        return true;
    }

    public Task DeleteAsync(string key, CancellationToken cancellationToken)
    {
        File.Delete(PathOf(key));
        return Task.CompletedTask;
    }

    /// <summary>Checks a key: '/'-separated segments of safe characters, at most <see cref="MaxKeyLength"/> characters.</summary>
    public static void ValidateKey(string? key)
    {
        if (string.IsNullOrEmpty(key) || key.Length > MaxKeyLength)
        {
            throw new ArgumentException($"blob key: {Printable.Quote(key)} must be 1 to {MaxKeyLength} characters");
        }

        foreach (var segment in key.Split('/'))
        {
            if (StoreNames.Problem(segment) is { } problem)
            {
                throw new ArgumentException(
                    $"blob key: {Printable.Quote(key)} has a segment {Printable.Quote(segment)} that {problem}");
            }
        }
    }

    private string PathOf(string key)
    {
        ValidateKey(key);
        return Path.Combine(Root, key.Replace('/', Path.DirectorySeparatorChar));
    }
}
