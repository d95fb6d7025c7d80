using System.Collections.Concurrent;

namespace KmodForge.Tests.BuildHost;

/// <summary>What the test tasks did, in order; one per host run (registered as a service the tasks take).</summary>
public sealed class TaskJournal
{
    private readonly ConcurrentQueue<string> entries = new();

    public IReadOnlyList<string> Entries => [.. entries];

    public void Add(string entry) => entries.Enqueue(entry);
}
