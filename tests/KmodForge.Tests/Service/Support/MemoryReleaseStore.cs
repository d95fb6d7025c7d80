using System.Collections.Concurrent;
using KmodForge.Publishing;

namespace KmodForge.Tests.Service.Support;

/// <summary>A release store held in memory, counting lookups (the service only looks packages up).</summary>
public sealed class MemoryReleaseStore : IReleaseStore
{
    private readonly ConcurrentDictionary<string, StoredPackage> packages = new(StringComparer.Ordinal);
    private int finds;

    public string Description => "memory release store";

    public int Finds => Volatile.Read(ref finds);

    public bool Broken { get; set; }

    public StoredPackage Add(string tag, string fileName)
    {
        var package = new StoredPackage(tag, fileName, $"https://releases.example/{tag}/{fileName}", new string('a', 64), 1234);
        packages[tag + "/" + fileName] = package;
        return package;
    }

    public Task<StoredPackage?> FindAsync(string tag, string fileName, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref finds);
        return Broken
            ? throw new IOException("release store unreachable")
            : Task.FromResult(packages.TryGetValue(tag + "/" + fileName, out var p) ? p : null);
    }

    public Task<IReadOnlyList<StoredPackage>> ListAsync(CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<StoredPackage>>([.. packages.Values]);

    public Task<StoredPackage> PublishAsync(string tag, string packagePath, CancellationToken cancellationToken) =>
        Task.FromResult(Add(tag, Path.GetFileName(packagePath)));

    public Task PutSignatureAsync(string tag, string fileName, string signatureText, CancellationToken cancellationToken) =>
        throw new NotSupportedException("the service never signs");

    public Task<StoredPackage> DownloadAsync(string tag, string fileName, string destinationPath, CancellationToken cancellationToken) =>
        throw new NotSupportedException("the service never downloads");
}
