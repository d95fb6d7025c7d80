using Cake.Frosting;
using KmodForge.Containers;
using KmodForge.Images;
using KmodForge.Images.ImageCache;
using KmodForge.Storage;

namespace KmodForge.Build.Tasks;

[TaskName("BaseImages")]
[IsDependentOn(typeof(PrerequisitesTask))]
[TaskDescription("Builds every base image (or --images=distro:version[:arch],...) the blob store lacks, saves, compresses and uploads it (the weekly job).")]
public sealed class BaseImagesTask(BuildCancellation cancellation) : AsyncFrostingTask<BuildContext>
{
    public override async Task RunAsync(BuildContext context)
    {
        var engine = ContainerEngineFactory.Create(context.Settings<ContainerSettings>(), context.Log);
        var store = BlobStoreSettings.Create(context, context.Log);
        try
        {
            var report = await ImageCacheFactory.Run(engine, store, context.Settings<BaseImageSettings>(), context.Settings<ImageCacheSettings>(),
                context.RepositoryRoot, context.Log).RunAsync(cancellation.Token);
            report.EnsureSucceeded();
        }
        finally
        {
            (store as IDisposable)?.Dispose();
        }
    }
}
