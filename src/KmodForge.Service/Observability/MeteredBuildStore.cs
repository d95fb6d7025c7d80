using KmodForge.Service.Builds;
using KmodForge.Service.State;

namespace KmodForge.Service.Observability;

/// <summary>
/// The state store, counting each build once as it finishes: every backend ends a build through
/// <see cref="IBuildStore.UpdateAsync"/>, and an update to a finished state applies only once. Each write that
/// applied is told to <paramref name="changes"/> (the status requests that wait for it).
/// </summary>
public sealed class MeteredBuildStore(IBuildStore inner, ServiceMetrics metrics, BuildChanges? changes = null) : IBuildStore
{
    public string Description => inner.Description;

    public Task InitializeAsync(CancellationToken cancellationToken) => inner.InitializeAsync(cancellationToken);

    public Task<BuildRecord?> GetAsync(string id, CancellationToken cancellationToken) => inner.GetAsync(id, cancellationToken);

    public Task<BuildRecord?> FindUnfinishedAsync(string cacheKey, CancellationToken cancellationToken) => inner.FindUnfinishedAsync(cacheKey, cancellationToken);

    public Task<BuildRecord?> FindNotApplicableAsync(string cacheKey, CancellationToken cancellationToken) => inner.FindNotApplicableAsync(cacheKey, cancellationToken);

    public Task<(BuildRecord Build, bool Inserted)> InsertUnlessUnfinishedAsync(BuildRecord candidate, CancellationToken cancellationToken) =>
        inner.InsertUnlessUnfinishedAsync(candidate, cancellationToken);

    public async Task MarkDispatchedAsync(string id, DateTimeOffset at, CancellationToken cancellationToken)
    {
        await inner.MarkDispatchedAsync(id, at, cancellationToken).ConfigureAwait(false);
        changes?.Changed(id);
    }

    public async Task<bool> UpdateAsync(string id, BuildUpdate update, DateTimeOffset at, CancellationToken cancellationToken)
    {
        var applied = await inner.UpdateAsync(id, update, at, cancellationToken).ConfigureAwait(false);
        if (applied)
        {
            changes?.Changed(id);
        }

        if (applied && update.State.IsFinished() && await inner.GetAsync(id, cancellationToken).ConfigureAwait(false) is { } build)
        {
            metrics.Finished(update.State, at - (build.DispatchedAt ?? build.CreatedAt));
        }

        return applied;
    }

    public Task<IReadOnlyList<BuildRecord>> ListUnfinishedAsync(string backend, CancellationToken cancellationToken) => inner.ListUnfinishedAsync(backend, cancellationToken);

    public Task<IReadOnlyList<BuildRecord>> ListRecentAsync(int count, CancellationToken cancellationToken) => inner.ListRecentAsync(count, cancellationToken);

    public Task<int> PruneFinishedAsync(DateTimeOffset before, CancellationToken cancellationToken) => inner.PruneFinishedAsync(before, cancellationToken);

    public Task PingAsync(CancellationToken cancellationToken) => inner.PingAsync(cancellationToken);
}
