using KmodForge.Configuration;
using KmodForge.Diagnostics;
using KmodForge.IO;
using KmodForge.Storage.S3;

namespace KmodForge.Storage;

/// <summary>Which blob store holds base-image tarballs, the previous matrix and chunk files.</summary>
public enum BlobStoreKind
{
    /// <summary>A local directory (the embedded default).</summary>
    Local,
    /// <summary>An S3 bucket (AWS or an S3-compatible service; see the s3-* settings).</summary>
    S3,
}

/// <summary>The blob store setting and its local directory.</summary>
public sealed class BlobStoreSettings
{
    [Setting("blob-store", "Where base-image tarballs, the previous matrix and chunk files are kept: local or s3.")]
    public BlobStoreKind Kind { get; init; } = BlobStoreKind.Local;

    [Setting("blob-dir", "The local blob store's directory; default <cache-dir>/store.")]
    public string? Directory { get; init; }

    /// <summary>The configured store (the caller disposes it when it is disposable).</summary>
    public static IBlobStore Create(ISettingsProvider settings, IBuildLog log)
    {
        var blob = settings.Get<BlobStoreSettings>();
        return blob.Kind switch
        {
            BlobStoreKind.S3 => new S3BlobStore(settings.Get<S3Settings>(), log),
            _ => new LocalDirectoryBlobStore(Path.GetFullPath(blob.Directory ?? Path.Combine(CacheDirectory.Default(), "store"))),
        };
    }
}
