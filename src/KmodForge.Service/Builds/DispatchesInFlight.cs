using System.Collections.Concurrent;

namespace KmodForge.Service.Builds;

/// <summary>
/// The builds this process is dispatching right now. A build in state <c>dispatching</c> that is not in this set was
/// left so by a crashed process, and crash recovery may look after it; one in the set belongs to a running request.
/// </summary>
public sealed class DispatchesInFlight
{
    private readonly ConcurrentDictionary<string, byte> ids = new(StringComparer.Ordinal);

    public IDisposable Begin(string buildId)
    {
        ids[buildId] = 0;
        return new End(this, buildId);
    }

    public bool Contains(string buildId) => ids.ContainsKey(buildId);

    private sealed class End(DispatchesInFlight owner, string buildId) : IDisposable
    {
        public void Dispose() => owner.ids.TryRemove(buildId, out _);
    }
}
