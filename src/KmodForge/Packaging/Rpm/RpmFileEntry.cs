namespace KmodForge.Packaging.Rpm;

/// <summary>One path in an RPM: a directory the package owns or a regular file with its content.</summary>
/// <param name="Path">Absolute install path without a trailing slash.</param>
/// <param name="Mode">Full st_mode: file type bits and permissions (0o40755, 0o100644).</param>
/// <param name="Content">File bytes; empty for directories.</param>
internal sealed record RpmFileEntry(string Path, int Mode, byte[] Content)
{
    public const int DirectoryType = 0b100_000_000_000_000; // S_IFDIR 0o040000
    public const int RegularType = 0b1_000_000_000_000_000; // S_IFREG 0o100000

    public bool IsDirectory => (Mode & 0xF000) == DirectoryType;

    public string DirName => Path[..(Path.LastIndexOf('/') + 1)];

    public string BaseName => Path[(Path.LastIndexOf('/') + 1)..];
}
