namespace KmodForge.Images.ImageCache;

/// <summary>How image tarballs are compressed in the store.</summary>
public enum ImageCompression
{
    Zstd,
    Gzip,
    None,
}

public static class ImageCompressionExtensions
{
    public static string Extension(this ImageCompression compression) => compression switch
    {
        ImageCompression.Zstd => ".tar.zst",
        ImageCompression.Gzip => ".tar.gz",
        ImageCompression.None => ".tar",
        _ => throw new ArgumentOutOfRangeException(nameof(compression), compression, null),
    };

    /// <summary>The configured choice first, then the others: a store filled with another choice still serves.</summary>
    public static IReadOnlyList<ImageCompression> PreferenceOrder(this ImageCompression preferred) =>
        [preferred, .. Enum.GetValues<ImageCompression>().Where(c => c != preferred)];
}
