namespace KmodForge.Storage;

/// <summary>
/// A flat key → file store: base-image tarballs, the previous build matrix, chunk files. Keys are '/'-separated paths
/// of safe characters (letters, digits, <c>. _ - +</c>). The local directory store is the default; S3 is another
/// implementation. Writes are atomic: a reader sees the old object or the new one, never a part.
/// </summary>
public interface IBlobStore
{
    string Description { get; }

    Task<bool> ExistsAsync(string key, CancellationToken cancellationToken);

    /// <summary>Uploads a local file under a key (replacing any existing object).</summary>
    Task PutAsync(string key, string sourcePath, CancellationToken cancellationToken);

    /// <summary>Downloads an object to a local path; false when the key does not exist.</summary>
    Task<bool> GetAsync(string key, string destinationPath, CancellationToken cancellationToken);

    Task DeleteAsync(string key, CancellationToken cancellationToken);
}
