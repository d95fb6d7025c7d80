using KmodForge.Errors;

namespace KmodForge.Packaging.Reading;

/// <summary>
/// One pass over an archive's entries (a package's payload or a tarball), each checked before it is visited: absolute
/// paths, <c>..</c> components, links pointing outside the root, and sizes over <see cref="PackageReadLimits"/> are
/// refused with an <see cref="UnsafePackageEntryException"/> naming the entry. The compressed stream is read to its
/// end, so its checksum is verified.
/// </summary>
/// <param name="open">Opens the decompressed payload of the file, and the reader of its entries.</param>
internal sealed class EntryWalk(string path, PackageReadLimits limits, Func<Stream, (Stream Payload, Func<Stream, IEnumerable<ArchiveEntry>> Read)> open)
{
    public string Path { get; } = path;

    private const int MaxTrailingBytes = 1024 * 1024;

    public void Run(Action<PackageEntry, ArchiveEntry> visit)
    {
        using var file = File.OpenRead(Path);
        Stream? payload = null;
        var completed = false;
        try
        {
            (payload, var read) = open(file);
            var raws = read(payload);
            long total = 0;
            var count = 0;
            foreach (var raw in raws)
            {
                if (++count > limits.MaxEntries)
                {
                    throw new PackageReadException($"{Path} has more than {limits.MaxEntries} entries (the limit)");
                }

                if (Check(raw, ref total) is { } entry)
                {
                    visit(entry, raw);
                }
            }

            // Read to the end of the compressed stream so its checksum (gzip CRC, xz check) is verified.
            var buffer = new byte[81920];
            long trailing = 0;
            for (int n; (n = payload.Read(buffer)) > 0;)
            {
                if ((trailing += n) > MaxTrailingBytes)
                {
                    throw new PackageReadException($"{Path} has more than {MaxTrailingBytes} bytes after the end of its archive");
                }
            }

            payload.Dispose();
            completed = true;
        }
        catch (Exception e) when (e is SharpCompress.Common.SharpCompressException or InvalidDataException or EndOfStreamException)
        {
            throw new PackageReadException($"{Path} has a corrupt payload: {e.Message}");
        }
        finally
        {
            if (!completed)
            {
                DisposeQuietly(payload);
            }
        }
    }

    /// <summary>Disposing a half-read decompressor can throw (e.g. a CRC mismatch); that must not hide the first error.</summary>
    private static void DisposeQuietly(Stream? stream)
    {
        try
        {
            stream?.Dispose();
        }
        catch (Exception e) when (e is SharpCompress.Common.SharpCompressException or InvalidDataException or IOException)
        {
        }
    }

    private PackageEntry? Check(ArchiveEntry raw, ref long total)
    {
        var (path, problem) = EntryPaths.Normalize(raw.Name);
        if (problem is not null)
        {
            throw new UnsafePackageEntryException(Path, raw.Name, problem);
        }

        if (path == "/")
        {
            return null;
        }

        string? linkTarget = raw.LinkTarget;
        if (raw.Type == PackageEntryType.Symlink && EntryPaths.SymlinkProblem(path!, raw.LinkTarget ?? string.Empty) is { } linkProblem)
        {
            throw new UnsafePackageEntryException(Path, raw.Name, linkProblem);
        }

        if (raw.Type == PackageEntryType.Hardlink)
        {
            (linkTarget, var hardProblem) = EntryPaths.HardlinkTarget(raw.LinkTarget ?? string.Empty);
            if (hardProblem is not null)
            {
                throw new UnsafePackageEntryException(Path, raw.Name, hardProblem);
            }
        }

        if (raw.Size < 0 || raw.Size > limits.MaxEntrySize)
        {
            throw new UnsafePackageEntryException(Path, raw.Name, $"is {raw.Size} bytes, over the limit of {limits.MaxEntrySize} bytes per entry");
        }

        total += raw.Size;
        if (total > limits.MaxTotalSize)
        {
            throw new UnsafePackageEntryException(Path, raw.Name, $"brings the package's content to {total} bytes, over the limit of {limits.MaxTotalSize} bytes in total");
        }

        return new PackageEntry(path!, raw.Size, raw.Mode, raw.Type, linkTarget);
    }
}
