namespace KmodForge.Packaging.Reading;

/// <summary>What kind of filesystem object a package entry is.</summary>
public enum PackageEntryType
{
    File,
    Directory,
    Symlink,
    Hardlink,

    /// <summary>Device nodes, FIFOs and anything else: listed, never extracted.</summary>
    Other,
}

/// <summary>One entry of a package's payload, as it would be installed.</summary>
/// <param name="Path">The install path, absolute and normalized: <c>/lib/modules/6.1.0-28-amd64/extra/kfsample.ko</c>.</param>
/// <param name="Size">Content size in bytes (0 for directories and links).</param>
/// <param name="Mode">Permission bits (07777).</param>
/// <param name="LinkTarget">For symlinks the target as stored; for hard links the install path of the target; otherwise null.</param>
public sealed record PackageEntry(string Path, long Size, int Mode, PackageEntryType Type, string? LinkTarget);

/// <summary>A module file written by <see cref="PackageReader.ExtractModules"/>.</summary>
/// <param name="EntryPath">The install path in the package.</param>
/// <param name="FilePath">Where it was written: the destination directory plus the install path.</param>
public sealed record ExtractedModule(string EntryPath, string FilePath, long Size);
