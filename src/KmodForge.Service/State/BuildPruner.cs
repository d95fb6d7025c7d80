using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace KmodForge.Service.State;

/// <summary>Deletes finished builds older than the retention period, on start and then every prune interval.</summary>
public sealed class BuildPruner(IBuildStore store, ServiceSettings settings, TimeProvider time, ILogger<BuildPruner> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(settings.PruneInterval, time);
        do
        {
            try
            {
                var pruned = await store.PruneFinishedAsync(time.GetUtcNow() - settings.Retention, stoppingToken).ConfigureAwait(false);
                if (pruned > 0)
                {
                    logger.LogInformation("Pruned {Count} finished builds older than {Days:0.#} days", pruned, settings.Retention.TotalDays);
                }
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested)
            {
                logger.LogWarning("Pruning finished builds failed, trying again in {Interval} s: {Error}", settings.PruneInterval.TotalSeconds, e.Message);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false));
    }
}
