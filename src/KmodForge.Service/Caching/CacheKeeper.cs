using KmodForge.Caching;
using KmodForge.Pipeline;
using KmodForge.Targets;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace KmodForge.Service.Caching;

/// <summary>
/// Runs the cache policy in the build service (local backend): on start, every <c>--cache-prune-interval</c>, and
/// after builds (a finished build wakes it, at most once every 30 s). It removes only what
/// <see cref="CachePruner"/> chooses: never a layer a running build leases, never a tarball under a build's lock.
/// </summary>
/// <param name="pause">The least time between two prunes (30 s).</param>
public sealed class CacheKeeper(CachePruner pruner, TimeSpan interval, TimeProvider time, ILogger<CacheKeeper> logger, TimeSpan? pause = null) : BackgroundService
{
    private readonly TimeSpan pause = pause ?? TimeSpan.FromSeconds(30);

    private readonly SemaphoreSlim buildFinished = new(0, 1);

    /// <summary>Tells the keeper that a build finished (its layer and tarballs may have grown the caches).</summary>
    public void BuildFinished()
    {
        if (buildFinished.CurrentCount == 0)
        {
            try
            {
                buildFinished.Release();
            }
            catch (SemaphoreFullException)
            {
                // Another build woke it at the same moment: one prune serves both.
            }
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (interval <= TimeSpan.Zero)
        {
            return;
        }

        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var report = await pruner.RunAsync(dryRun: false, stoppingToken).ConfigureAwait(false);
                if (report.Removed.Count > 0)
                {
                    logger.LogInformation("Cache policy removed {Count} entries: {Entries}", report.Removed.Count, string.Join(", ", report.Removed.Select(r => r.Name)));
                }
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested)
            {
                logger.LogWarning("Cache pruning failed, trying again in {Interval} s: {Error}", interval.TotalSeconds, e.Message);
            }

            // A short pause, then the interval or a finished build, whichever comes first.
            await Task.Delay(interval < pause ? interval : pause, time, stoppingToken).ConfigureAwait(false);
            using var wait = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
            wait.CancelAfter(interval);
            try
            {
                await buildFinished.WaitAsync(wait.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (!stoppingToken.IsCancellationRequested)
            {
                // The interval passed without a build: prune on the timer.
            }
        }
    }

    public override void Dispose()
    {
        buildFinished.Dispose();
        base.Dispose();
    }
}

/// <summary>The pipeline's runner that wakes the <see cref="CacheKeeper"/> after each build, finished or failed.</summary>
public sealed class PruningBuildRunner(IDriverBuildRunner inner, CacheKeeper keeper) : IDriverBuildRunner
{
    public Task<DriverBuildResult> BuildAsync(BuildTarget target, CancellationToken cancellationToken) => BuildAsync(target, null, cancellationToken);

    public async Task<DriverBuildResult> BuildAsync(BuildTarget target, Func<DriverBuildResult, Task>? published, CancellationToken cancellationToken)
    {
        try
        {
            return await inner.BuildAsync(target, published, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            keeper.BuildFinished();
        }
    }
}
