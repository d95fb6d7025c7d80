namespace KmodForge.Packaging.Reading;

/// <summary>
/// Reads a tarball (<c>.tar</c>, gzip, xz or zstd, told by magic bytes): lists its entries and extracts a tree of it,
/// with the same checks as <see cref="PackageReader"/> (no absolute paths, no <c>..</c>, no link leaving the tree,
/// bounded sizes).
/// </summary>
public sealed class TarballReader(string path, PackageReadLimits? limits = null)
{
    public string Path { get; } = path;

    /// <summary>Every entry, in archive order, as install paths (<c>./a/b</c> and <c>a/b</c> both give <c>/a/b</c>).</summary>
    public IReadOnlyList<PackageEntry> ListEntries()
    {
        var entries = new List<PackageEntry>();
        Walk((entry, _) => entries.Add(entry));
        return entries;
    }

    /// <summary>Writes the tree under <paramref name="directory"/> (<c>/</c> for all) into <paramref name="destinationDirectory"/>; returns the files written.</summary>
    public int ExtractTree(string directory, string destinationDirectory)
    {
        var extractor = new TreeExtractor(Path, directory, destinationDirectory);
        Walk(extractor.Visit);
        return extractor.Files;
    }

    private void Walk(Action<PackageEntry, ArchiveEntry> visit) =>
        new EntryWalk(Path, limits ?? PackageReadLimits.Default, file => (Decompression.Open(file, Path), p => TarEntryReader.Read(p, Path))).Run(visit);
}
