using KmodForge.Service.Builds;

namespace KmodForge.Service.State;

/// <summary>
/// The durable record of builds. Every write is committed before the call returns, so a build the API has acknowledged
/// survives a crash. At most one unfinished build exists per cache key (enforced by the database, not only in memory).
/// </summary>
public interface IBuildStore
{
    /// <summary>A description for logs and health, e.g. <c>sqlite /var/lib/kmodforge/builds.db</c>.</summary>
    string Description { get; }

    Task InitializeAsync(CancellationToken cancellationToken);

    Task<BuildRecord?> GetAsync(string id, CancellationToken cancellationToken);

    /// <summary>The unfinished build for a cache key, if any.</summary>
    Task<BuildRecord?> FindUnfinishedAsync(string cacheKey, CancellationToken cancellationToken);

    /// <summary>The last build of a cache key that ended <c>not_applicable</c>, if one is still kept (see build retention).</summary>
    Task<BuildRecord?> FindNotApplicableAsync(string cacheKey, CancellationToken cancellationToken);

    /// <summary>
    /// Inserts <paramref name="candidate"/> unless an unfinished build exists for its cache key, atomically.
    /// Returns the build now holding the key and whether it is the candidate.
    /// </summary>
    Task<(BuildRecord Build, bool Inserted)> InsertUnlessUnfinishedAsync(BuildRecord candidate, CancellationToken cancellationToken);

    /// <summary>Records a confirmed dispatch: <c>dispatching</c> becomes <c>queued</c>; the dispatch time and count are kept.</summary>
    Task MarkDispatchedAsync(string id, DateTimeOffset at, CancellationToken cancellationToken);

    /// <summary>Applies an update unless the build is already finished (a finished build never changes). Returns whether it applied.</summary>
    Task<bool> UpdateAsync(string id, BuildUpdate update, DateTimeOffset at, CancellationToken cancellationToken);

    /// <summary>Every unfinished build of a backend, oldest first.</summary>
    Task<IReadOnlyList<BuildRecord>> ListUnfinishedAsync(string backend, CancellationToken cancellationToken);

    /// <summary>The <paramref name="count"/> builds updated last, finished or not, newest first (the status page's list).</summary>
    Task<IReadOnlyList<BuildRecord>> ListRecentAsync(int count, CancellationToken cancellationToken);

    /// <summary>Deletes finished builds last updated before <paramref name="before"/>; returns how many.</summary>
    Task<int> PruneFinishedAsync(DateTimeOffset before, CancellationToken cancellationToken);

    /// <summary>Throws when the database cannot be read.</summary>
    Task PingAsync(CancellationToken cancellationToken);
}
