using System.Formats.Tar;

namespace KmodForge.Packaging.Reading;

/// <summary>The entries of a (decompressed) tar stream: ustar, GNU and PAX, via System.Formats.Tar.</summary>
internal static class TarEntryReader
{
    public static IEnumerable<ArchiveEntry> Read(Stream tar, string what)
    {
        using var reader = new TarReader(tar, leaveOpen: true);
        while (true)
        {
            TarEntry? entry;
            try
            {
                entry = reader.GetNextEntry(copyData: false);
            }
            catch (Exception e) when (e is InvalidDataException or FormatException or EndOfStreamException)
            {
                throw new PackageReadException($"{what} is not a readable tar archive: {e.Message}");
            }

            if (entry is null)
            {
                yield break;
            }

            var type = entry.EntryType switch
            {
                TarEntryType.RegularFile or TarEntryType.V7RegularFile or TarEntryType.ContiguousFile => PackageEntryType.File,
                TarEntryType.Directory => PackageEntryType.Directory,
                TarEntryType.SymbolicLink => PackageEntryType.Symlink,
                TarEntryType.HardLink => PackageEntryType.Hardlink,
                _ => PackageEntryType.Other,
            };
            var link = type is PackageEntryType.Symlink or PackageEntryType.Hardlink ? entry.LinkName : null;
            var size = type == PackageEntryType.File ? entry.Length : 0;
            yield return new ArchiveEntry(entry.Name, size, (int)entry.Mode & 0xFFF, type, link, entry.DataStream ?? Stream.Null);
        }
    }
}
