using KmodForge.Containers;
using KmodForge.Service.State;
using Microsoft.Extensions.Logging;

namespace KmodForge.Service.Backends.Local;

/// <summary>
/// At start-up, removes the containers of this service's builds that no longer run: a service killed with
/// <c>kill -9</c> leaves its build's container running. Only containers labelled with a build id this service's state
/// knows are touched (another service's or a <c>./build.sh</c> run's containers carry ids it does not know), and only
/// those of builds not running in this process (at start-up, none).
/// </summary>
public sealed class OrphanedContainers(IBuildContainers containers, IBuildStore store, ILogger logger)
{
    /// <returns>How many containers were removed.</returns>
    public async Task<int> ReapAsync(Func<string, bool> runningHere, CancellationToken cancellationToken)
    {
        IReadOnlyList<BuildContainer> labelled;
        try
        {
            labelled = await containers.ListAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is KmodForge.Errors.KmodForgeException or IOException or InvalidOperationException)
        {
            logger.LogWarning("Could not list build containers to remove those of dead builds: {Error}", e.Message);
            return 0;
        }

        var removed = 0;
        foreach (var container in labelled)
        {
            if (runningHere(container.BuildId) || await store.GetAsync(container.BuildId, cancellationToken).ConfigureAwait(false) is null)
            {
                continue;
            }

            try
            {
                await containers.RemoveAsync(container.Id, cancellationToken).ConfigureAwait(false);
                removed++;
                logger.LogWarning("Removed container {Container} of build {BuildId}, left behind by a previous process of this service", container.Id[..Math.Min(12, container.Id.Length)], container.BuildId);
            }
            catch (KmodForge.Errors.KmodForgeException e)
            {
                logger.LogWarning("Could not remove container {Container} of build {BuildId}: {Error}", container.Id, container.BuildId, e.Message);
            }
        }

        return removed;
    }
}
