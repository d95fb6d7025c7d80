using Cake.Frosting;
using KmodForge.Caching;
using KmodForge.Containers;

namespace KmodForge.Build.Tasks;

[TaskName("Prune")]
[TaskDescription("Applies the cache policy: header layers over --layer-cache-max-size and cached tarballs/root filesystems over --file-cache-max-size go, stale-base layers first, then the least recently used; --dry-run lists what would go and why.")]
public sealed class PruneTask(BuildCancellation cancellation) : AsyncFrostingTask<BuildContext>
{
    public override async Task RunAsync(BuildContext context)
    {
        var engine = ContainerEngineFactory.Create(context.Settings<ContainerSettings>(), context.Log);
        await CachePrunerFactory.Create(context, engine, context.Log).RunAsync(context.Settings<CacheSettings>().DryRun, cancellation.Token);
    }
}
