using System.Diagnostics;
using KmodForge.Containers;
using KmodForge.Diagnostics;
using KmodForge.IO;
using KmodForge.Storage;

namespace KmodForge.Images.ImageCache;

/// <summary>
/// Base image tarballs in a blob store, keyed by <see cref="BaseImageKey"/>: publish (save, compress, upload the
/// tarball, then its <c>.sha256</c>) and restore (checksum first, tarball downloaded once into the cache folder and
/// verified; a corrupt one is discarded and fetched once more; then decompress, load). Store errors propagate as
/// <see cref="BlobStoreException"/>; a tarball that cannot be made to serve returns false with the reason in the notes.
/// </summary>
public sealed class ImageArchiveStore(IBlobStore store, IContainerEngine engine, string cacheDirectory, IBuildLog log)
{
    public const int MaxDownloads = 2;

    public string Description => store.Description;

    /// <summary>Where a restore records that it used a tarball (the cache policy prunes by it); null: not recorded.</summary>
    public CacheUse? Uses { get; init; }

    /// <summary>The compression under which this key is in the store (the preferred one first), or null.</summary>
    public async Task<ImageCompression?> FindAsync(BaseImageKey key, ImageCompression preferred, CancellationToken cancellationToken)
    {
        foreach (var compression in preferred.PreferenceOrder())
        {
            if (await store.ExistsAsync(key.ChecksumKey(compression), cancellationToken).ConfigureAwait(false))
            {
                return compression;
            }
        }

        return null;
    }

    /// <summary>Saves the local image <see cref="BaseImageKey.KeyedTag"/>, compresses it and uploads it with its checksum.</summary>
    public async Task<ArchiveTimings> PublishAsync(BaseImageKey key, ImageCompression compression, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(cacheDirectory);
        var archive = Path.Combine(cacheDirectory, key.FileName(compression));
        var tar = compression == ImageCompression.None ? archive : Path.Combine(cacheDirectory, $".{key.FileName(ImageCompression.None)}.{Guid.NewGuid():N}.tmp");
        var clock = Stopwatch.StartNew();
        try
        {
            await engine.SaveAsync(key.KeyedTag, tar, cancellationToken).ConfigureAwait(false);
            var save = clock.Elapsed;
            var tarBytes = new FileInfo(tar).Length;
            clock.Restart();
            if (compression != ImageCompression.None)
            {
                await ImageArchiveCodec.CompressAsync(tar, archive, compression, log, cancellationToken).ConfigureAwait(false);
            }

            var compress = clock.Elapsed;
            var sha = await FileHashing.Sha256HexAsync(archive, cancellationToken).ConfigureAwait(false);
            var checksumFile = archive + ".sha256";
            AtomicFile.WriteAllText(checksumFile, FileHashing.ChecksumLine(sha, Path.GetFileName(key.ObjectKey(compression))));
            clock.Restart();
            await store.PutAsync(key.ObjectKey(compression), archive, cancellationToken).ConfigureAwait(false);
            await store.PutAsync(key.ChecksumKey(compression), checksumFile, cancellationToken).ConfigureAwait(false);
            var timings = new ArchiveTimings(compression, tarBytes, new FileInfo(archive).Length) { Save = save, Compress = compress, Upload = clock.Elapsed };
            log.Info($"Published {key.KeyedTag} to {store.Description} as {key.ObjectKey(compression)}: {TransferProgress.Mib(timings.TarBytes)} saved in {save.TotalSeconds:0.0} s, "
                + $"{TransferProgress.Mib(timings.ArchiveBytes)} compressed in {compress.TotalSeconds:0.0} s, uploaded in {timings.Upload.TotalSeconds:0.0} s.");
            return timings;
        }
        finally
        {
            if (tar != archive)
            {
                File.Delete(tar);
            }
        }
    }

    /// <summary>
    /// Loads the image of <paramref name="key"/> from the store into the engine (as <see cref="BaseImageKey.KeyedTag"/>).
    /// Returns null, with the reason in <paramref name="notes"/>, when the store has no usable tarball.
    /// </summary>
    public async Task<ArchiveTimings?> RestoreAsync(BaseImageKey key, ImageCompression preferred, List<string> notes, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        if (await FetchAsync(key, preferred, notes, cancellationToken).ConfigureAwait(false) is not { } fetched)
        {
            return null;
        }

        var download = clock.Elapsed;
        return await LoadAsync(key, fetched.Compression, fetched.Archive, notes, cancellationToken).ConfigureAwait(false) is { } timings
            ? timings with { Download = download }
            : null;
    }

    /// <summary>
    /// Copies the tarball of <paramref name="key"/>, verified against its checksum, and the checksum into
    /// <paramref name="destination"/> under the same keys (a matrix-build run hands that folder to its build jobs).
    /// Returns the tarball's size, or null, with the reason in <paramref name="notes"/>, when the store has no usable tarball.
    /// </summary>
    public async Task<long?> CopyToAsync(BaseImageKey key, ImageCompression preferred, IBlobStore destination, List<string> notes, CancellationToken cancellationToken)
    {
        if (await FetchAsync(key, preferred, notes, cancellationToken).ConfigureAwait(false) is not { } fetched)
        {
            return null;
        }

        await destination.PutAsync(key.ObjectKey(fetched.Compression), fetched.Archive, cancellationToken).ConfigureAwait(false);
        await destination.PutAsync(key.ChecksumKey(fetched.Compression), fetched.Archive + ".sha256", cancellationToken).ConfigureAwait(false);
        return new FileInfo(fetched.Archive).Length;
    }

    /// <summary>The verified tarball of <paramref name="key"/> in the cache folder (the preferred compression first), or null.</summary>
    private async Task<(ImageCompression Compression, string Archive)?> FetchAsync(BaseImageKey key, ImageCompression preferred, List<string> notes, CancellationToken cancellationToken)
    {
        foreach (var compression in preferred.PreferenceOrder())
        {
            var expected = await ReadChecksumAsync(key, compression, cancellationToken).ConfigureAwait(false);
            if (expected is null)
            {
                continue;
            }

            var archive = Path.Combine(cacheDirectory, key.FileName(compression));
            if (!await FetchVerifiedAsync(key, compression, archive, expected, notes, cancellationToken).ConfigureAwait(false))
            {
                return null;
            }

            if (Uses is not null)
            {
                await Uses.RecordAsync(CacheUse.FileKey(archive), DateTimeOffset.UtcNow, cancellationToken).ConfigureAwait(false);
            }

            return (compression, archive);
        }

        notes.Add($"cache: {store.Description} has no tarball for content key {key.Hash} ({key.ObjectKey(preferred)})");
        return null;
    }

    private async Task<string?> ReadChecksumAsync(BaseImageKey key, ImageCompression compression, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(cacheDirectory);
        var path = Path.Combine(cacheDirectory, key.FileName(compression) + ".sha256");
        if (!await store.GetAsync(key.ChecksumKey(compression), path, cancellationToken).ConfigureAwait(false))
        {
            return null;
        }

        try
        {
            return FileHashing.ParseChecksumLine(await File.ReadAllTextAsync(path, cancellationToken).ConfigureAwait(false));
        }
        catch (FormatException e)
        {
            log.Warning($"cache: {key.ChecksumKey(compression)} in {store.Description} is not a checksum file ({e.Message}); ignoring it.");
            return null;
        }
    }

    /// <summary>The archive in the cache folder with the expected checksum: kept from before, or downloaded (at most twice).</summary>
    private async Task<bool> FetchVerifiedAsync(BaseImageKey key, ImageCompression compression, string archive, string expected, List<string> notes, CancellationToken cancellationToken)
    {
        var objectKey = key.ObjectKey(compression);
        for (var downloads = 0; ; downloads++)
        {
            if (File.Exists(archive))
            {
                var actual = await FileHashing.Sha256HexAsync(archive, cancellationToken).ConfigureAwait(false);
                if (actual == expected)
                {
                    if (downloads == 0)
                    {
                        log.Info($"cache: {Path.GetFileName(archive)} is already in {cacheDirectory} and matches its checksum.");
                    }

                    return true;
                }

                File.Delete(archive);
                var problem = $"cache: {objectKey} has SHA-256 {actual[..12]}…, expected {expected[..12]}… (truncated or corrupt): discarded";
                log.Warning(problem);
                notes.Add(problem);
            }

            if (downloads >= MaxDownloads)
            {
                notes.Add($"cache: {objectKey} was corrupt after {MaxDownloads} downloads; not using the store for {key.Name}");
                return false;
            }

            if (!await store.GetAsync(objectKey, archive, cancellationToken).ConfigureAwait(false))
            {
                notes.Add($"cache: {store.Description} has the checksum of {objectKey} but not the tarball");
                return false;
            }
        }
    }

    private async Task<ArchiveTimings?> LoadAsync(BaseImageKey key, ImageCompression compression, string archive, List<string> notes, CancellationToken cancellationToken)
    {
        var tar = compression == ImageCompression.None ? archive : Path.Combine(cacheDirectory, $".{key.FileName(ImageCompression.None)}.{Guid.NewGuid():N}.tmp");
        var clock = Stopwatch.StartNew();
        try
        {
            if (compression != ImageCompression.None)
            {
                await ImageArchiveCodec.DecompressAsync(archive, tar, compression, log, cancellationToken).ConfigureAwait(false);
            }

            var decompress = clock.Elapsed;
            clock.Restart();
            await engine.LoadAsync(tar, cancellationToken).ConfigureAwait(false);
            var load = clock.Elapsed;
            if (!await engine.ImageExistsAsync(key.KeyedTag, cancellationToken).ConfigureAwait(false))
            {
                notes.Add($"cache: {Path.GetFileName(archive)} loaded but did not contain {key.KeyedTag}");
                return null;
            }

            return new ArchiveTimings(compression, new FileInfo(tar).Length, new FileInfo(archive).Length) { Decompress = decompress, Load = load };
        }
        catch (Exception e) when (e is ContainerEngineException or InvalidDataException or IOException or SharpCompress.Compressors.ZStandard.ZstdException)
        {
            File.Delete(archive);
            notes.Add($"cache: {Path.GetFileName(archive)} could not be loaded ({FirstLine(e.Message)}); discarded");
            return null;
        }
        finally
        {
            if (tar != archive)
            {
                File.Delete(tar);
            }
        }
    }

    private static string FirstLine(string message) => message.Split('\n', 2)[0].Trim();
}
