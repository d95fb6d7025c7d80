using KmodForge.Errors;
using KmodForge.IO;
using KmodForge.Targets;

namespace KmodForge.Packaging.Reading;

/// <summary>
/// Reads a .deb (ar; data.tar plain, gz, xz or zst) or an .rpm (cpio payload, gzip, xz or zstd): lists its entries
/// and extracts its kernel modules (<c>.ko</c>, <c>.ko.xz</c>, <c>.ko.zst</c>, <c>.ko.gz</c>). Every entry is checked
/// first: absolute paths, <c>..</c> components, links pointing outside the root, and sizes over
/// <see cref="PackageReadLimits"/> are refused with an <see cref="UnsafePackageEntryException"/> naming the entry.
/// </summary>
public sealed class PackageReader
{
    private static readonly string[] ModuleSuffixes = [".ko", ".ko.xz", ".ko.zst", ".ko.gz"];

    private readonly PackageReadLimits limits;

    private PackageReader(string path, PackageFormat format, PackageReadLimits limits)
    {
        Path = path;
        Format = format;
        this.limits = limits;
    }

    public string Path { get; }

    public PackageFormat Format { get; }

    /// <summary>Opens <paramref name="path"/>, telling .deb from .rpm by its magic bytes (not its name).</summary>
    public static PackageReader Open(string path, PackageReadLimits? limits = null)
    {
        Span<byte> magic = stackalloc byte[8];
        using (var file = File.OpenRead(path))
        {
            var n = file.ReadAtLeast(magic, magic.Length, throwOnEndOfStream: false);
            magic = magic[..n];
        }

        var format = magic.StartsWith(DebContainer.Magic) ? PackageFormat.Deb
            : magic.StartsWith(Rpm.RpmLead.Magic) ? PackageFormat.Rpm
            : throw new PackageReadException($"{path} is neither a .deb (ar archive) nor an .rpm (lead magic ED AB EE DB)");
        return new PackageReader(path, format, limits ?? PackageReadLimits.Default);
    }

    /// <summary>Whether an install path names a kernel module file.</summary>
    public static bool IsModulePath(string path) => ModuleSuffixes.Any(s => path.EndsWith(s, StringComparison.Ordinal));

    /// <summary>Every entry of the payload, in archive order (the archive root itself left out).</summary>
    public IReadOnlyList<PackageEntry> ListEntries()
    {
        var entries = new List<PackageEntry>();
        Walk((entry, _) => entries.Add(entry));
        return entries;
    }

    /// <summary>
    /// Writes each module file to <paramref name="destinationDirectory"/> + its install path (e.g.
    /// <c>dest/lib/modules/6.1.0-28-amd64/extra/kfsample.ko</c>), atomically, mode 0644, and returns them.
    /// </summary>
    public IReadOnlyList<ExtractedModule> ExtractModules(string destinationDirectory)
    {
        var root = System.IO.Path.GetFullPath(destinationDirectory);
        Directory.CreateDirectory(root);
        var extracted = new Dictionary<string, ExtractedModule>(StringComparer.Ordinal);
        var cpioLinks = new Dictionary<long, List<string>>();
        Walk((entry, raw) =>
        {
            if (entry.Type == PackageEntryType.Hardlink && IsModulePath(entry.Path) && entry.LinkTarget is { } target && extracted.TryGetValue(target, out var source))
            {
                extracted[entry.Path] = WriteModule(root, entry.Path, s => { using var f = File.OpenRead(source.FilePath); f.CopyTo(s); });
                return;
            }

            if (entry.Type != PackageEntryType.File)
            {
                return;
            }

            if (raw.CpioLink is { } link)
            {
                // cpio stores a hard-linked file's data once, on the group's last entry: remember the group's names.
                var group = cpioLinks.TryGetValue(link.Inode, out var g) ? g : cpioLinks[link.Inode] = [];
                group.Add(entry.Path);
                if (entry.Size == 0)
                {
                    return;
                }

                var first = group.FirstOrDefault(IsModulePath);
                if (first is null)
                {
                    return;
                }

                extracted[first] = WriteModule(root, first, raw.Data.CopyTo);
                foreach (var other in group.Where(p => p != first && IsModulePath(p)))
                {
                    extracted[other] = WriteModule(root, other, s => { using var f = File.OpenRead(extracted[first].FilePath); f.CopyTo(s); });
                }

                return;
            }

            if (IsModulePath(entry.Path))
            {
                extracted[entry.Path] = WriteModule(root, entry.Path, raw.Data.CopyTo);
            }
        });
        return [.. extracted.Values];
    }

    private static ExtractedModule WriteModule(string root, string installPath, Action<Stream> copy)
    {
        var target = System.IO.Path.GetFullPath(System.IO.Path.Join(root, installPath));
        if (!target.StartsWith(root + System.IO.Path.DirectorySeparatorChar, StringComparison.Ordinal))
        {
            throw new PackageReadException($"{Printable.Quote(installPath)} would be written outside {root}");
        }

        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(target)!);
        AtomicFile.Write(target, copy);
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(target, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
        }

        return new ExtractedModule(installPath, target, new FileInfo(target).Length);
    }

    private const int MaxTrailingBytes = 1024 * 1024;

    private void Walk(Action<PackageEntry, ArchiveEntry> visit)
    {
        using var file = File.OpenRead(Path);
        Stream? payload = null;
        var completed = false;
        try
        {
            payload = Format == PackageFormat.Deb ? DebContainer.OpenDataTar(file, Path) : RpmContainer.OpenPayload(file, Path);
            var raws = Format == PackageFormat.Deb ? TarEntryReader.Read(payload, Path) : CpioEntryReader.Read(payload, Path);
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
