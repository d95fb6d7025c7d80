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

    /// <summary>
    /// Writes the tree under <paramref name="directory"/> (an install path such as <c>/usr/src/acpi-call-1.2.2</c>) into
    /// <paramref name="destinationDirectory"/>; returns the number of files written. See <see cref="TreeExtractor"/>.
    /// </summary>
    public int ExtractTree(string directory, string destinationDirectory)
    {
        var extractor = new TreeExtractor(Path, directory, destinationDirectory);
        Walk(extractor.Visit);
        return extractor.Files;
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

    /// <summary>Visits every checked entry of the payload (deb: data.tar; rpm: the cpio payload).</summary>
    internal void Walk(Action<PackageEntry, ArchiveEntry> visit) => new EntryWalk(Path, limits, OpenPayload).Run(visit);

    private (Stream, Func<Stream, IEnumerable<ArchiveEntry>>) OpenPayload(Stream file)
    {
        if (Format == PackageFormat.Deb)
        {
            return (DebContainer.OpenDataTar(file, Path), p => TarEntryReader.Read(p, Path));
        }

        return (RpmContainer.OpenPayload(file, Path), p => CpioEntryReader.Read(p, Path));
    }
}
