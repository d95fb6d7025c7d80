using KmodForge.Containers;
using KmodForge.Diagnostics;
using KmodForge.Storage;

namespace KmodForge.Images.ImageCache;

/// <summary>
/// Wires the image cache for a Cake task or the service: the real <see cref="BaseImageBuilder"/> as the last source,
/// the blob store (S3 or local directory) for tarballs, content keys from the repository's <c>docker/</c>.
/// </summary>
public static class ImageCacheFactory
{
    /// <summary>The provider build jobs use: local → store → registry → build. <paramref name="store"/> null: no store.</summary>
    public static CachedBaseImageProvider Provider(
        IContainerEngine engine, IBlobStore? store, BaseImageSettings baseImages, ImageCacheSettings settings, string repositoryRoot, IBuildLog log)
    {
        settings.Validated();
        var archives = store is null ? null : new ImageArchiveStore(store, engine, settings.ResolvedDirectory, log) { Uses = new IO.CacheUse(baseImages.ResolvedCacheDirectory) };
        return new CachedBaseImageProvider(
            BaseImageBuilder.Create(engine, baseImages, repositoryRoot, log), engine, archives, new BaseImageKeyCalculator(repositoryRoot), settings, log);
    }

    /// <summary>The weekly BaseImages job: build what the store lacks, upload it (and push it when configured).</summary>
    public static BaseImagesRun Run(
        IContainerEngine engine, IBlobStore store, BaseImageSettings baseImages, ImageCacheSettings settings, string repositoryRoot, IBuildLog log)
    {
        settings.Validated();
        return new BaseImagesRun(
            BaseImageBuilder.Create(engine, baseImages, repositoryRoot, log), engine, new ImageArchiveStore(store, engine, settings.ResolvedDirectory, log),
            new BaseImageKeyCalculator(repositoryRoot), settings, log);
    }

    /// <summary>A matrix-build run's prepare job: the run's base images from the store into a folder for its build jobs.</summary>
    public static BaseImageHandOff HandOff(
        IContainerEngine engine, IBlobStore store, BaseImageSettings baseImages, ImageCacheSettings settings, string repositoryRoot, IBuildLog log)
    {
        var archives = new ImageArchiveStore(store, engine, settings.Validated().ResolvedDirectory, log);
        return new BaseImageHandOff(Run(engine, store, baseImages, settings, repositoryRoot, log), archives, new BaseImageKeyCalculator(repositoryRoot), settings, log);
    }
}
