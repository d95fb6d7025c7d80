using System.Collections.Concurrent;

namespace KmodForge.IO;

/// <summary>
/// An exclusive lock named by a file path, held across threads of this process (a semaphore) and across processes
/// (the file opened with <see cref="FileShare.None"/>, which .NET implements with <c>flock(2)</c> on Linux, the
/// same lock the <c>flock</c> command takes). Waits until it is free or the token is cancelled.
/// </summary>
public sealed class FileLock : IDisposable
{
    private static readonly ConcurrentDictionary<string, SemaphoreSlim> InProcess = new(StringComparer.Ordinal);
    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(250);

    private readonly SemaphoreSlim semaphore;
    private FileStream? stream;

    private FileLock(string path, SemaphoreSlim semaphore, FileStream stream)
    {
        Path = path;
        this.semaphore = semaphore;
        this.stream = stream;
    }

    public string Path { get; }

    /// <summary>Takes the lock; <paramref name="onWait"/> is told once when another holder makes it wait.</summary>
    public static async Task<FileLock> AcquireAsync(string path, Action<string>? onWait, CancellationToken cancellationToken)
    {
        var full = PrepareLockFile(path);
        var semaphore = InProcess.GetOrAdd(full, _ => new SemaphoreSlim(1, 1));
        if (!await semaphore.WaitAsync(0, cancellationToken).ConfigureAwait(false))
        {
            onWait?.Invoke($"Waiting for {full} (held by another build in this process).");
            await semaphore.WaitAsync(cancellationToken).ConfigureAwait(false);
        }

        try
        {
            var told = false;
            while (true)
            {
                try
                {
                    var stream = new FileStream(full, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
                    return new FileLock(full, semaphore, stream);
                }
                catch (IOException) when (!cancellationToken.IsCancellationRequested)
                {
                    if (!told)
                    {
                        onWait?.Invoke($"Waiting for {full} (held by another process).");
                        told = true;
                    }

                    await Task.Delay(Poll, cancellationToken).ConfigureAwait(false);
                }
            }
        }
        catch
        {
            semaphore.Release();
            throw;
        }
    }

    /// <summary>Takes the lock only if it is free now; null when another holder has it (no waiting).</summary>
    public static FileLock? TryAcquire(string path)
    {
        var full = PrepareLockFile(path);
        var semaphore = InProcess.GetOrAdd(full, _ => new SemaphoreSlim(1, 1));
        if (!semaphore.Wait(0))
        {
            return null;
        }

        try
        {
            return new FileLock(full, semaphore, new FileStream(full, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None));
        }
        catch (IOException)
        {
            semaphore.Release();
            return null;
        }
    }

    /// <summary>The full path of a lock (or lease) file, its folder created: both <see cref="FileLock"/> and <see cref="FileLease"/> name one.</summary>
    internal static string PrepareLockFile(string path)
    {
        var full = System.IO.Path.GetFullPath(path);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(full)!);
        return full;
    }

    public void Dispose()
    {
        var s = Interlocked.Exchange(ref stream, null);
        if (s is null)
        {
            return;
        }

        s.Dispose();
        semaphore.Release();
    }
}
