namespace KmodForge.Packaging.Reading;

/// <summary>One raw entry from a tar or cpio stream; <see cref="Data"/> is valid until the next entry is read.</summary>
internal sealed record ArchiveEntry(string Name, long Size, int Mode, PackageEntryType Type, string? LinkTarget, Stream Data)
{
    /// <summary>cpio only: the inode and link count used to tie hard-linked entries together.</summary>
    public (long Inode, int Links)? CpioLink { get; init; }
}
