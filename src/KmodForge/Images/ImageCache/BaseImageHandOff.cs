using KmodForge.Diagnostics;
using KmodForge.Storage;

namespace KmodForge.Images.ImageCache;

/// <summary>
/// The base images of one matrix-build run, fetched once: makes sure the blob store holds each image the run's builds
/// need (building and uploading what it lacks, as the weekly job does), then copies each tarball, verified, with its
/// checksum into a local folder under the store's keys. The run hands that folder to its build jobs as an artifact;
/// they restore from it as from a local blob store, with no store traffic per job and no registry pull.
/// </summary>
public sealed class BaseImageHandOff(BaseImagesRun run, ImageArchiveStore archives, BaseImageKeyCalculator keys, ImageCacheSettings settings, IBuildLog log)
{
    /// <returns>The bytes copied into <paramref name="directory"/>.</returns>
    public async Task<long> HandOffAsync(IReadOnlyList<BaseImageTarget> targets, string directory, CancellationToken cancellationToken)
    {
        var report = await run.RunAsync(targets, cancellationToken).ConfigureAwait(false);
        report.EnsureSucceeded();
        var destination = new LocalDirectoryBlobStore(directory);
        long total = 0;
        foreach (var target in targets)
        {
            var key = keys.Compute(target.Distribution, target.Version, target.Architecture);
            var notes = new List<string>();
            var size = await archives.CopyToAsync(key, settings.Compression, destination, notes, cancellationToken).ConfigureAwait(false)
                ?? throw new BaseImageException($"The base image {key.Tag} (content key {key.Hash}) could not be fetched from {archives.Description}.", notes);
            total += size;
            log.Info($"{key.Tag} ({key.Hash}): {TransferProgress.Mib(size)} from {archives.Description} into {destination.Root}");
        }

        return total;
    }
}
