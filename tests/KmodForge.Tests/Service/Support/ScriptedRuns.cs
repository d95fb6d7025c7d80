using System.Collections.Concurrent;
using KmodForge.GitHub;

namespace KmodForge.Tests.Service.Support;

/// <summary>
/// Workflow runs a test controls: a run is created for a build id when the test (or a dispatch) says so, and its
/// status and conclusion change when the test sets them. Lookups count, so a test can wait for the poller to look.
/// </summary>
public sealed class ScriptedRuns : IWorkflowRuns
{
    private readonly ConcurrentDictionary<string, WorkflowRunInfo> runs = new(StringComparer.Ordinal);
    private long nextId = 1000;
    private int lookups;

    public int Lookups => Volatile.Read(ref lookups);

    public WorkflowRunInfo Create(string buildId, string status = "queued")
    {
        var id = Interlocked.Increment(ref nextId);
        var run = new WorkflowRunInfo(id, $"driver-build {buildId}", status, null, $"https://github.example/acme/drivers/actions/runs/{id}", DateTimeOffset.UtcNow);
        runs[buildId] = run;
        return run;
    }

    public void Set(string buildId, string status, string? conclusion = null) =>
        runs.AddOrUpdate(buildId, _ => throw new InvalidOperationException($"no run for {buildId}"), (_, r) => r with { Status = status, Conclusion = conclusion });

    /// <summary>The not-applicable reason each run (by id) left, as the Driver task's annotation would.</summary>
    public ConcurrentDictionary<long, string> NotApplicable { get; } = new();

    public Task<string?> NotApplicableReasonAsync(long runId, CancellationToken cancellationToken) =>
        Task.FromResult(NotApplicable.TryGetValue(runId, out var reason) ? reason : null);

    public Task<WorkflowRunInfo?> FindByBuildIdAsync(string workflowFile, string buildId, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref lookups);
        return Task.FromResult(runs.TryGetValue(buildId, out var run) ? run : null);
    }
}
