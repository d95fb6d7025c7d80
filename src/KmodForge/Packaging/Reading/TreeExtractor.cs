using KmodForge.Errors;

namespace KmodForge.Packaging.Reading;

/// <summary>
/// Writes the entries under one directory of an archive (<c>/usr/src/acpi-call-1.2.2</c>, or <c>/</c> for all) into a
/// destination directory, relative to that directory: files with their permission bits, directories, and symlinks
/// whose targets stay inside the extracted tree. Hard links become copies. Nothing is written through a symlink the
/// archive created, and no path leaves the destination. Devices and FIFOs are skipped.
/// </summary>
internal sealed class TreeExtractor(string archive, string prefix, string destination)
{
    private readonly string root = Path.GetFullPath(destination);
    private readonly HashSet<string> links = new(StringComparer.Ordinal);
    private readonly Dictionary<long, List<string>> cpioGroups = [];

    public int Files { get; private set; }

    /// <summary>The path of <paramref name="installPath"/> relative to the prefix, or null when it is outside it (or the prefix itself).</summary>
    public static string? Relative(string prefix, string installPath)
    {
        if (prefix == "/")
        {
            return installPath == "/" ? null : installPath[1..];
        }

        return installPath.StartsWith(prefix + "/", StringComparison.Ordinal) ? installPath[(prefix.Length + 1)..] : null;
    }

    public void Visit(PackageEntry entry, ArchiveEntry raw)
    {
        if (Relative(prefix, entry.Path) is not { } relative)
        {
            return;
        }

        switch (entry.Type)
        {
            case PackageEntryType.Directory:
                Directory.CreateDirectory(Target(entry, relative));
                break;
            case PackageEntryType.Symlink:
                // The link is checked against the extracted tree's root, not the archive's.
                if (EntryPaths.SymlinkProblem("/" + relative, entry.LinkTarget!) is { } problem)
                {
                    throw new UnsafePackageEntryException(archive, raw.Name, problem + $" (the tree extracted from {prefix})");
                }

                var link = Target(entry, relative);
                Directory.CreateDirectory(Path.GetDirectoryName(link)!);
                File.CreateSymbolicLink(link, entry.LinkTarget!);
                links.Add(relative);
                break;
            case PackageEntryType.Hardlink:
                var inside = Relative(prefix, entry.LinkTarget!);
                var source = inside is null ? null : Path.Join(root, inside);
                if (inside is null || source is null || !File.Exists(source) || links.Contains(inside))
                {
                    throw new UnsafePackageEntryException(archive, raw.Name, $"is a hard link to {Printable.Quote(entry.LinkTarget)}, which is not a file extracted before it under {prefix}");
                }

                Write(entry, relative, s => { using var f = File.OpenRead(source); f.CopyTo(s); });
                break;
            case PackageEntryType.File:
                WriteFile(entry, raw, relative);
                break;
        }
    }

    private void WriteFile(PackageEntry entry, ArchiveEntry raw, string relative)
    {
        if (raw.CpioLink is not { Links: > 1 } link)
        {
            Write(entry, relative, raw.Data.CopyTo);
            return;
        }

        // cpio stores a hard-linked file's data once, on the group's last entry: write it to every name of the group.
        var group = cpioGroups.TryGetValue(link.Inode, out var g) ? g : cpioGroups[link.Inode] = [];
        group.Add(relative);
        Write(entry, relative, raw.Data.CopyTo);
        if (entry.Size > 0)
        {
            var written = Path.Join(root, relative);
            foreach (var other in group.Where(p => p != relative))
            {
                Write(entry, other, s => { using var f = File.OpenRead(written); f.CopyTo(s); });
            }
        }
    }

    private void Write(PackageEntry entry, string relative, Action<Stream> copy)
    {
        var target = Target(entry, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(target)!);
        using (var file = new FileStream(target, FileMode.Create, FileAccess.Write, FileShare.None))
        {
            copy(file);
        }

        if (!OperatingSystem.IsWindows())
        {
            // The archive's permission bits (scripts stay executable), always readable and writable by the owner.
            File.SetUnixFileMode(target, (UnixFileMode)(entry.Mode & 0x1FF) | UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }

        Files++;
    }

    /// <summary>The destination of an entry; refused when it would leave the root or pass through an extracted symlink.</summary>
    private string Target(PackageEntry entry, string relative)
    {
        var target = Path.GetFullPath(Path.Join(root, relative));
        if (!target.StartsWith(root + Path.DirectorySeparatorChar, StringComparison.Ordinal))
        {
            throw new UnsafePackageEntryException(archive, entry.Path, $"would be written outside {root}");
        }

        var parts = relative.Split('/');
        for (var i = 1; i <= parts.Length; i++)
        {
            var ancestor = string.Join('/', parts[..i]);
            if (links.Contains(ancestor))
            {
                throw new UnsafePackageEntryException(archive, entry.Path, $"would be written through the symlink {Printable.Quote(ancestor)} the archive created");
            }
        }

        return target;
    }
}
