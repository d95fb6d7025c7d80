using Cake.Frosting;
using KmodForge.Configuration;
using KmodForge.Containers;
using KmodForge.Images;
using KmodForge.Images.ImageCache;
using KmodForge.Storage;

namespace KmodForge.Build.Tasks;

/// <summary>Settings of the FetchBaseImages task.</summary>
public sealed class FetchBaseImagesSettings
{
    [Setting("base-images-dir", "The folder FetchBaseImages copies the base-image tarballs into (a local blob store the build jobs read with --blob-store=local --blob-dir).")]
    public string? Directory { get; init; }
}

[TaskName("FetchBaseImages")]
[IsDependentOn(typeof(PrerequisitesTask))]
[TaskDescription("Copies the base images --images names from the blob store (building and uploading any it lacks) into --base-images-dir, for a matrix-build run to hand to its build jobs.")]
public sealed class FetchBaseImagesTask(BuildCancellation cancellation) : AsyncFrostingTask<BuildContext>
{
    public override async Task RunAsync(BuildContext context)
    {
        var cache = context.Settings<ImageCacheSettings>();
        var directory = context.Settings<FetchBaseImagesSettings>().Directory is { Length: > 0 } dir
            ? Path.GetFullPath(dir, context.RepositoryRoot)
            : throw new SettingsException(["--base-images-dir is required: the folder the tarballs are copied into"]);
        if (cache.Images.Count == 0)
        {
            throw new SettingsException(["--images is required: the base images to fetch, distro:version:arch, comma-separated (MatrixChunk's output 'images')"]);
        }

        var targets = BaseImageSelection.Select(cache.Images, cache.Architectures);
        var engine = ContainerEngineFactory.Create(context.Settings<ContainerSettings>(), context.Log);
        var store = BlobStoreSettings.Create(context, context.Log);
        try
        {
            var bytes = await ImageCacheFactory.HandOff(engine, store, context.Settings<BaseImageSettings>(), cache, context.RepositoryRoot, context.Log)
                .HandOffAsync(targets, directory, cancellation.Token);
            context.Log.Info($"{targets.Count} base images ({KmodForge.Diagnostics.TransferProgress.Mib(bytes)}) in {directory}");
        }
        finally
        {
            (store as IDisposable)?.Dispose();
        }
    }
}
