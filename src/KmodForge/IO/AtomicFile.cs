namespace KmodForge.IO;

/// <summary>
/// Writes files so that readers see the old content or the new, never a part: write to a temporary file in the same
/// directory, flush it to disk, then rename over the destination. A failed write leaves nothing behind.
/// </summary>
public static class AtomicFile
{
    public static void WriteAllBytes(string path, ReadOnlySpan<byte> bytes)
    {
        var buffer = bytes.ToArray();
        Write(path, stream => stream.Write(buffer));
    }

    public static void WriteAllText(string path, string text) =>
        WriteAllBytes(path, System.Text.Encoding.UTF8.GetBytes(text));

    /// <summary>Copies a file into place atomically.</summary>
    public static void Copy(string sourcePath, string destinationPath) =>
        Write(destinationPath, stream =>
        {
            using var source = File.OpenRead(sourcePath);
            source.CopyTo(stream);
        });

    /// <summary>Runs <paramref name="write"/> against a temporary stream, then moves it into place.</summary>
    public static void Write(string path, Action<Stream> write)
    {
        var temp = TempPathBeside(path);
        try
        {
            using (var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None))
            {
                write(stream);
                stream.Flush(flushToDisk: true);
            }

            File.Move(temp, path, overwrite: true);
        }
        catch
        {
            TryDelete(temp);
            throw;
        }
    }

    /// <summary>Async variant of <see cref="Write"/>.</summary>
    public static async Task WriteAsync(string path, Func<Stream, CancellationToken, Task> write, CancellationToken cancellationToken)
    {
        var temp = TempPathBeside(path);
        try
        {
            await using (var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 81920, useAsync: true))
            {
                await write(stream, cancellationToken).ConfigureAwait(false);
                await stream.FlushAsync(cancellationToken).ConfigureAwait(false);
                stream.Flush(flushToDisk: true);
            }

            File.Move(temp, path, overwrite: true);
        }
        catch
        {
            TryDelete(temp);
            throw;
        }
    }

    /// <summary>A unique temporary path in the destination's directory (so the final rename is atomic), creating the directory.</summary>
    public static string TempPathBeside(string path)
    {
        var full = Path.GetFullPath(path);
        var directory = Path.GetDirectoryName(full)!;
        Directory.CreateDirectory(directory);
        return Path.Combine(directory, $".{Path.GetFileName(full)}.{Guid.NewGuid():N}.tmp");
    }

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
