using KmodForge.Containers;
using KmodForge.Diagnostics;
using KmodForge.IO;
using KmodForge.Storage;
using KmodForge.Targets;

namespace KmodForge.Images.ImageCache;

/// <summary>
/// Makes a base image present, from the cheapest source that serves, in order: the local engine (only when the image
/// carries this content key's tag, so a changed Dockerfile is noticed) → a tarball from the blob store → a registry
/// pull (when one is configured) → a build by the inner provider, unless --image-build=false (then, when allowed, save +
/// compress + upload so the next job restores it). A source that fails is a warning and a note, never the end: the result's notes say which
/// source won and why each earlier one did not.
/// </summary>
/// <param name="store">The image store; null when no store is configured.</param>
public sealed class CachedBaseImageProvider(
    IBaseImageProvider inner,
    IContainerEngine engine,
    ImageArchiveStore? store,
    BaseImageKeyCalculator keys,
    ImageCacheSettings settings,
    IBuildLog log) : IBaseImageProvider
{
    public async Task<BaseImageResult> EnsureAsync(Distribution distribution, DistroVersion version, Architecture architecture, CancellationToken cancellationToken)
    {
        var key = keys.Compute(distribution, version, architecture);
        var notes = new List<string>();
        var lockPath = Path.Combine(settings.ResolvedDirectory, "locks", $"{key.FileName(ImageCompression.None)}.lock");
        using var held = await FileLock.AcquireAsync(lockPath, log.Info, cancellationToken).ConfigureAwait(false);

        var result = await FromLocalAsync(key, notes, cancellationToken).ConfigureAwait(false)
            ?? await FromStoreAsync(key, notes, cancellationToken).ConfigureAwait(false)
            ?? await FromRegistryAsync(key, notes, cancellationToken).ConfigureAwait(false)
            ?? await BuildAsync(key, notes, cancellationToken).ConfigureAwait(false);
        log.Info($"{key.Tag}: {result.Source.ToString().ToLowerInvariant()} (content key {key.Hash}). " + string.Join("; ", notes));
        return result;
    }

    private async Task<BaseImageResult?> FromLocalAsync(BaseImageKey key, List<string> notes, CancellationToken cancellationToken)
    {
        if (await engine.InspectImageAsync(key.KeyedTag, cancellationToken).ConfigureAwait(false) is { } local)
        {
            if (!local.HasTag(key.Tag))
            {
                // Only when the plain tag names another image (or none): one engine call less on every build.
                await engine.TagAsync(key.KeyedTag, key.Tag, cancellationToken).ConfigureAwait(false);
            }

            notes.Add($"local: {key.KeyedTag} is present in {engine.Name}");
            return new BaseImageResult(key.Tag, BaseImageSource.Local, notes) { Id = local.Id.Length > 0 ? local.Id : null };
        }

        notes.Add(await engine.ImageExistsAsync(key.Tag, cancellationToken).ConfigureAwait(false)
            ? $"local: {key.Tag} is present but not from content key {key.Hash} (its Dockerfile or inputs changed, or it was built outside the cache)"
            : $"local: {key.Tag} is not present in {engine.Name}");
        return null;
    }

    private async Task<BaseImageResult?> FromStoreAsync(BaseImageKey key, List<string> notes, CancellationToken cancellationToken)
    {
        if (store is null)
        {
            notes.Add("cache: no image store configured");
            return null;
        }

        try
        {
            var timings = await store.RestoreAsync(key, settings.Compression, notes, cancellationToken).ConfigureAwait(false);
            if (timings is null)
            {
                return null;
            }

            await engine.TagAsync(key.KeyedTag, key.Tag, cancellationToken).ConfigureAwait(false);
            notes.Add($"cache: restored from {store.Description} ({timings.Compression}, {TransferProgress.Mib(timings.ArchiveBytes)}) in {timings.Restore.TotalSeconds:0.0} s: "
                + $"download {timings.Download.TotalSeconds:0.0} s, decompress {timings.Decompress.TotalSeconds:0.0} s, load {timings.Load.TotalSeconds:0.0} s");
            return new BaseImageResult(key.Tag, BaseImageSource.Cache, notes);
        }
        catch (BlobStoreException e)
        {
            log.Warning($"Base image cache unavailable, trying the next source: {e.Message}");
            notes.Add($"cache: {e.Message}");
            return null;
        }
    }

    private async Task<BaseImageResult?> FromRegistryAsync(BaseImageKey key, List<string> notes, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(settings.Registry))
        {
            notes.Add("registry: none configured (--image-registry)");
            return null;
        }

        var reference = key.RegistryReference(settings.Registry);
        try
        {
            await engine.PullAsync(reference, key.Architecture.OciPlatform(), cancellationToken).ConfigureAwait(false);
            await engine.TagAsync(reference, key.KeyedTag, cancellationToken).ConfigureAwait(false);
            await engine.TagAsync(reference, key.Tag, cancellationToken).ConfigureAwait(false);
            notes.Add($"registry: pulled {reference}");
            return new BaseImageResult(key.Tag, BaseImageSource.Registry, notes);
        }
        catch (ContainerEngineException e)
        {
            log.Warning($"Pulling {reference} failed, trying the next source: {e.Message.Split('\n', 2)[0]}");
            notes.Add($"registry: pull {reference} failed ({e.Message.Split('\n', 2)[0]})");
            return null;
        }
    }

    private async Task<BaseImageResult> BuildAsync(BaseImageKey key, List<string> notes, CancellationToken cancellationToken)
    {
        if (!settings.Build)
        {
            throw new BaseImageException(
                $"No source serves the base image {key.Tag} (content key {key.Hash}), and --image-build=false forbids building it in this job. "
                + "In a matrix-build run the prepare job hands every build job its chunk's base images; check that job's FetchBaseImages step and the blob store it read.",
                notes);
        }

        var built = await new KeyedImageBuilder(inner, engine).BuildAsync(key, notes, cancellationToken).ConfigureAwait(false);
        if (built.Source != BaseImageSource.Built)
        {
            return built;
        }

        if (store is not null && settings.Upload)
        {
            try
            {
                await store.PublishAsync(key, settings.Compression, cancellationToken).ConfigureAwait(false);
                notes.Add($"cache: uploaded to {store.Description} as {key.ObjectKey(settings.Compression)}");
            }
            catch (BlobStoreException e)
            {
                log.Warning($"Uploading {key.KeyedTag} to the image cache failed (the build goes on with the local image): {e.Message}");
                notes.Add($"cache: upload failed: {e.Message}");
            }
        }
        else
        {
            notes.Add(store is null ? "cache: not uploaded (no image store)" : "cache: not uploaded (--image-cache-upload is off)");
        }

        return built;
    }
}
