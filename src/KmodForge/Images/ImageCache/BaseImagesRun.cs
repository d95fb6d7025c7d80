using KmodForge.Containers;
using KmodForge.Diagnostics;
using KmodForge.Storage;

namespace KmodForge.Images.ImageCache;

/// <summary>What the BaseImages task did with one image.</summary>
public enum BaseImageOutcome
{
    /// <summary>The store already had a tarball for the content key.</summary>
    AlreadyCached,
    /// <summary>Built (or taken from the local engine under its keyed tag), saved, compressed and uploaded.</summary>
    Published,
    Failed,
}

/// <summary>One image's line in the report.</summary>
public sealed record BaseImageRunResult(BaseImageTarget Target, string? KeyHash, BaseImageOutcome Outcome, string Detail)
{
    public override string ToString() => $"{Target} [{KeyHash ?? "no key"}]: {Outcome}: {Detail}";
}

/// <summary>The BaseImages task's result; <see cref="EnsureSucceeded"/> turns failures into one exception listing them.</summary>
public sealed record BaseImagesReport(IReadOnlyList<BaseImageRunResult> Results)
{
    public IReadOnlyList<BaseImageRunResult> Failed => Results.Where(r => r.Outcome == BaseImageOutcome.Failed).ToList();

    public void EnsureSucceeded()
    {
        if (Failed.Count > 0)
        {
            throw new BaseImageException($"{Failed.Count} of {Results.Count} base images could not be published.", Failed.Select(f => f.ToString()).ToList());
        }
    }
}

/// <summary>
/// The weekly BaseImages job (also run by the matrix generator for missing images): for each selected image, compute
/// its content key; when the store lacks it, build the image (or take the local one under its keyed tag), save,
/// compress, upload with its checksum and, when configured, push it to the registry. One image's failure does not stop
/// the others; the report lists every outcome.
/// </summary>
public sealed class BaseImagesRun(
    IBaseImageProvider builder,
    IContainerEngine engine,
    ImageArchiveStore store,
    BaseImageKeyCalculator keys,
    ImageCacheSettings settings,
    IBuildLog log)
{
    /// <summary>Runs over <see cref="ImageCacheSettings.Images"/> (all registry images when empty).</summary>
    public Task<BaseImagesReport> RunAsync(CancellationToken cancellationToken) =>
        RunAsync(BaseImageSelection.Select(settings.Images, settings.Architectures), cancellationToken);

    public async Task<BaseImagesReport> RunAsync(IReadOnlyList<BaseImageTarget> targets, CancellationToken cancellationToken)
    {
        var results = new List<BaseImageRunResult>();
        foreach (var target in targets)
        {
            using (log.Phase($"Base image {target}"))
            {
                var result = await RunOneAsync(target, cancellationToken).ConfigureAwait(false);
                (result.Outcome == BaseImageOutcome.Failed ? (Action<string>)log.Error : log.Info)(result.ToString());
                results.Add(result);
            }
        }

        log.Info($"Base images: {results.Count(r => r.Outcome == BaseImageOutcome.Published)} published, "
            + $"{results.Count(r => r.Outcome == BaseImageOutcome.AlreadyCached)} already cached, {results.Count(r => r.Outcome == BaseImageOutcome.Failed)} failed.");
        return new BaseImagesReport(results);
    }

    private async Task<BaseImageRunResult> RunOneAsync(BaseImageTarget target, CancellationToken cancellationToken)
    {
        BaseImageKey? key = null;
        try
        {
            key = keys.Compute(target.Distribution, target.Version, target.Architecture);
            if (await store.FindAsync(key, settings.Compression, cancellationToken).ConfigureAwait(false) is { } present)
            {
                return new(target, key.Hash, BaseImageOutcome.AlreadyCached, $"{store.Description} has {key.ObjectKey(present)}");
            }

            var notes = new List<string>();
            if (!await engine.ImageExistsAsync(key.KeyedTag, cancellationToken).ConfigureAwait(false))
            {
                var built = await new KeyedImageBuilder(builder, engine).BuildAsync(key, notes, cancellationToken).ConfigureAwait(false);
                if (built.Source != BaseImageSource.Built)
                {
                    return new(target, key.Hash, BaseImageOutcome.Failed, string.Join("; ", notes));
                }
            }
            else
            {
                notes.Add($"{key.KeyedTag} is present locally");
            }

            var timings = await store.PublishAsync(key, settings.Compression, cancellationToken).ConfigureAwait(false);
            notes.Add($"uploaded {key.ObjectKey(settings.Compression)} ({TransferProgress.Mib(timings.ArchiveBytes)})");
            if (settings.RegistryPush && !string.IsNullOrEmpty(settings.Registry))
            {
                var reference = key.RegistryReference(settings.Registry);
                await engine.TagAsync(key.KeyedTag, reference, cancellationToken).ConfigureAwait(false);
                await engine.PushAsync(reference, cancellationToken).ConfigureAwait(false);
                notes.Add($"pushed {reference}");
            }

            return new(target, key.Hash, BaseImageOutcome.Published, string.Join("; ", notes));
        }
        catch (Exception e) when (e is BlobStoreException or ContainerEngineException or BaseImageException or BaseImageKeyException)
        {
            return new(target, key?.Hash, BaseImageOutcome.Failed, e.Message);
        }
    }
}
