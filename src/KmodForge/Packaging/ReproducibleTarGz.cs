using System.Formats.Tar;
using System.IO.Compression;

namespace KmodForge.Packaging;

/// <summary>One entry of a reproducible tarball: a directory (no content) or a file with its bytes.</summary>
/// <param name="Path">The archive path as dpkg writes it: <c>./lib/</c> for a directory, <c>./lib/x.ko</c> for a file.</param>
public sealed record TarItem(string Path, int Mode, byte[]? Content)
{
    public bool IsDirectory => Content is null;
}

/// <summary>
/// Builds a gzip-compressed tar whose bytes depend only on its entries: entries sorted by path, owner root:root
/// (uid/gid 0), every timestamp the given SOURCE_DATE_EPOCH, and a gzip header with mtime 0, no file name and OS "Unix".
/// </summary>
public static class ReproducibleTarGz
{
    public static byte[] Build(IEnumerable<TarItem> items, long sourceDateEpoch)
    {
        var time = DateTimeOffset.FromUnixTimeSeconds(sourceDateEpoch);
        using var tar = new MemoryStream();
        using (var writer = new TarWriter(tar, TarEntryFormat.Gnu, leaveOpen: true))
        {
            foreach (var item in items.OrderBy(i => i.Path, StringComparer.Ordinal))
            {
                var entry = new GnuTarEntry(item.IsDirectory ? TarEntryType.Directory : TarEntryType.RegularFile, item.Path)
                {
                    Mode = (UnixFileMode)item.Mode,
                    Uid = 0,
                    Gid = 0,
                    UserName = "root",
                    GroupName = "root",
                    ModificationTime = time,
                    AccessTime = time,
                    ChangeTime = time,
                };
                if (item.Content is not null)
                {
                    entry.DataStream = new MemoryStream(item.Content, writable: false);
                }

                writer.WriteEntry(entry);
            }
        }

        return Gzip(tar.ToArray());
    }

    /// <summary>gzip at the smallest size with no name and no time in the header (like <c>gzip -9n</c>): same bytes in, same bytes out.</summary>
    public static byte[] Gzip(byte[] content)
    {
        using var gz = new MemoryStream();
        using (var gzip = new GZipStream(gz, CompressionLevel.SmallestSize, leaveOpen: true))
        {
            gzip.Write(content);
        }

        var bytes = gz.ToArray();
        // RFC 1952 header: bytes 4-7 MTIME (0 = none), byte 9 OS. Pin both so the output does not depend on the platform.
        bytes.AsSpan(4, 4).Clear();
        bytes[9] = 3;
        return bytes;
    }

    /// <summary>The directory entries for every parent of <paramref name="installPaths"/>, plus <c>./</c>: <c>./lib/</c>, <c>./lib/modules/</c>, ...</summary>
    public static IEnumerable<string> ParentDirectories(IEnumerable<string> installPaths)
    {
        var dirs = new SortedSet<string>(StringComparer.Ordinal) { "./" };
        foreach (var path in installPaths)
        {
            var parts = path.Trim('/').Split('/');
            for (var i = 1; i < parts.Length; i++)
            {
                dirs.Add("./" + string.Join('/', parts[..i]) + "/");
            }
        }

        return dirs;
    }
}
