namespace KmodForge.IO;

/// <summary>
/// A lease on a cache entry, named by a file path: any number of builds hold it shared (the file opened for reading
/// with sharing allowed, which .NET takes as <c>flock(LOCK_SH)</c> on Linux); a pruner may remove the entry only
/// while it holds the lease exclusively (<c>LOCK_EX</c>), which it takes without waiting and fails to take while any
/// build holds it. The operating system drops a lease when its process ends, so a crashed build never pins an entry.
/// </summary>
public sealed class FileLease : IDisposable
{
    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(200);
    private FileStream? stream;

    private FileLease(string path, FileStream stream)
    {
        Path = path;
        this.stream = stream;
    }

    public string Path { get; }

    /// <summary>Takes the lease shared, waiting while a pruner holds it exclusively (it holds it only while removing).</summary>
    public static async Task<FileLease> AcquireSharedAsync(string path, CancellationToken cancellationToken)
    {
        var full = FileLock.PrepareLockFile(path);
        while (true)
        {
            try
            {
                return new FileLease(full, new FileStream(full, FileMode.OpenOrCreate, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete));
            }
            catch (IOException) when (!cancellationToken.IsCancellationRequested)
            {
                await Task.Delay(Poll, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    /// <summary>Takes the lease exclusively if no one holds it now; null when a build holds it.</summary>
    public static FileLease? TryAcquireExclusive(string path)
    {
        var full = FileLock.PrepareLockFile(path);
        try
        {
            return new FileLease(full, new FileStream(full, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None));
        }
        catch (IOException)
        {
            return null;
        }
    }

    public void Dispose() => Interlocked.Exchange(ref stream, null)?.Dispose();
}
