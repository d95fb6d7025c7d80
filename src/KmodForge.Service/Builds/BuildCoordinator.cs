using System.Collections.Concurrent;
using KmodForge.Naming;
using KmodForge.Service.Backends;
using KmodForge.Service.Hosting;
using KmodForge.Service.State;
using KmodForge.Targets;
using Microsoft.Extensions.Logging;

namespace KmodForge.Service.Builds;

/// <summary>
/// Turns a validated target into at most one build per cache key. Requests for a key with an unfinished build get that
/// build; otherwise one request per key at a time (single flight in this process, a unique index across processes)
/// checks the release store, records the build as <c>dispatching</c>, hands it to the backend and records it as
/// <c>queued</c>. The record is committed before the backend is called, and both before the answer is sent.
/// </summary>
public sealed class BuildCoordinator(
    IBuildStore store,
    IBuildBackend backend,
    PublishedPackages published,
    DispatchesInFlight inFlight,
    ServiceSettings settings,
    TimeProvider time,
    ILogger<BuildCoordinator> logger)
{
    private readonly ConcurrentDictionary<string, Lazy<Task<SubmitOutcome>>> flights = new(StringComparer.Ordinal);

    public async Task<SubmitOutcome> SubmitAsync(BuildTarget target, CancellationToken cancellationToken)
    {
        var key = new CacheKey(settings.DriverName, target);
        if (published.Remembered(target) is { } package)
        {
            return new AlreadyPublished(package);
        }

        if (await store.FindUnfinishedAsync(key.Id, cancellationToken).ConfigureAwait(false) is { } running)
        {
            return new BuildAccepted(running, Created: false);
        }

        // A driver version's dkms.conf does not change: its not-applicable answer holds as long as the build is kept.
        if (await store.FindNotApplicableAsync(key.Id, cancellationToken).ConfigureAwait(false) is { } excluded)
        {
            return new NotApplicable(excluded);
        }

        // One flight per key: the others wait for its outcome. The flight itself is not cancelled when the request
        // that started it goes away, so waiters still get a recorded, dispatched build.
        var flight = flights.GetOrAdd(key.Id, _ => new Lazy<Task<SubmitOutcome>>(() => FlyAsync(key)));
        if (flight.IsValueCreated && flight.Value.IsCompleted)
        {
            // A finished flight nobody removed (all its waiters went away): its outcome may be stale.
            flights.TryRemove(KeyValuePair.Create(key.Id, flight));
            flight = flights.GetOrAdd(key.Id, _ => new Lazy<Task<SubmitOutcome>>(() => FlyAsync(key)));
        }

        try
        {
            return await flight.Value.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            if (flight.Value.IsCompleted)
            {
                flights.TryRemove(KeyValuePair.Create(key.Id, flight));
            }
        }
    }

    private async Task<SubmitOutcome> FlyAsync(CacheKey key)
    {
        await Task.Yield();
        var target = key.Target;
        if (await published.FindAsync(target, fresh: false, CancellationToken.None).ConfigureAwait(false) is { } package)
        {
            return new AlreadyPublished(package);
        }

        var (build, inserted) = await store.InsertUnlessUnfinishedAsync(BuildRecord.Create(key, backend.Name, time.GetUtcNow()), CancellationToken.None)
            .ConfigureAwait(false);
        if (!inserted)
        {
            return new BuildAccepted(build, Created: false);
        }

        using var scope = logger.BeginScope(new LogScope(("BuildId", build.Id), ("CacheKey", key.Id)));
        using var dispatching = inFlight.Begin(build.Id);
        try
        {
            await backend.StartAsync(build, target, CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception e)
        {
            var reason = $"the {backend.Name} backend did not take the build: {e.Message}";
            logger.LogError("Dispatch failed: {Reason}", reason);
            await store.UpdateAsync(build.Id, new BuildUpdate(BuildState.Error, reason), time.GetUtcNow(), CancellationToken.None).ConfigureAwait(false);
            return new DispatchFailed(build with { State = BuildState.Error, Reason = reason }, reason);
        }

        var now = time.GetUtcNow();
        await store.MarkDispatchedAsync(build.Id, now, CancellationToken.None).ConfigureAwait(false);
        logger.LogInformation("Build {BuildId} dispatched to the {Backend} backend for {CacheKey}", build.Id, backend.Name, key.Id);
        return new BuildAccepted(build with { State = BuildState.Queued, DispatchedAt = now, DispatchAttempts = 1 }, Created: true);
    }
}
