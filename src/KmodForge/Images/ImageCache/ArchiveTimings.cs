namespace KmodForge.Images.ImageCache;

/// <summary>What one publish or restore of an image tarball took, step by step (zero for steps not taken), and its sizes.</summary>
public sealed record ArchiveTimings(ImageCompression Compression, long TarBytes, long ArchiveBytes)
{
    public TimeSpan Save { get; init; }

    public TimeSpan Compress { get; init; }

    public TimeSpan Upload { get; init; }

    public TimeSpan Download { get; init; }

    public TimeSpan Decompress { get; init; }

    public TimeSpan Load { get; init; }

    public TimeSpan Restore => Download + Decompress + Load;
}
