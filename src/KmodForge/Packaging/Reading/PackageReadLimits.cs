namespace KmodForge.Packaging.Reading;

/// <summary>Bounds on what a package may hold before reading it is refused (decompression bombs, hostile packages).</summary>
public sealed record PackageReadLimits
{
    public static readonly PackageReadLimits Default = new();

    /// <summary>Largest single entry, in bytes (default 256 MiB).</summary>
    public long MaxEntrySize { get; init; } = 256L * 1024 * 1024;

    /// <summary>Largest sum of all entries' sizes, in bytes (default 1 GiB).</summary>
    public long MaxTotalSize { get; init; } = 1024L * 1024 * 1024;

    /// <summary>Most entries in one package (default 100,000).</summary>
    public int MaxEntries { get; init; } = 100_000;
}
