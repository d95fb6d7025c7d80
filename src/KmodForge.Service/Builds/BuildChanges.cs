using System.Collections.Concurrent;

namespace KmodForge.Service.Builds;

/// <summary>
/// Tells the <c>GET /status/{id}</c> requests that wait (<c>Prefer: wait=N</c>) that a build's record changed in this
/// process. A change written by another process sharing the state database is not told: the waiters read the record
/// again every <see cref="StatusWait.Recheck"/> as well.
/// </summary>
public sealed class BuildChanges
{
    private readonly ConcurrentDictionary<string, TaskCompletionSource> next = new(StringComparer.Ordinal);

    /// <summary>
    /// Completes at the next change of build <paramref name="id"/>. Take it before reading the record, so a change
    /// between the read and the wait is not missed.
    /// </summary>
    public Task Next(string id) => next.GetOrAdd(id, _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).Task;

    /// <summary>The record of build <paramref name="id"/> was written.</summary>
    public void Changed(string id)
    {
        if (next.TryRemove(id, out var waiting))
        {
            waiting.TrySetResult();
        }
    }

    /// <summary>How many builds have a waiter (for tests: every change clears its build's entry).</summary>
    internal int Waited => next.Count;
}
