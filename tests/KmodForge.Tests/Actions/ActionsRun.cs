using KmodForge.TestSupport.GitHub;

namespace KmodForge.Tests.Actions;

/// <summary>One workflow run of a <see cref="LocalActionsRunner"/>: what started it, its status, jobs and annotations.</summary>
public sealed class ActionsRun
{
    private readonly TaskCompletionSource<string> completion = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly List<ActionsJob> jobs = [];
    private readonly List<ActionsAnnotation> annotations = [];

    internal ActionsRun(long id, int number, string workflowFile, string eventName, string gitRef, string sha, IReadOnlyDictionary<string, string> inputs, string directory)
    {
        Id = id;
        Number = number;
        Workflow = workflowFile;
        Event = eventName;
        Ref = gitRef;
        Sha = sha;
        Inputs = inputs;
        Directory = directory;
    }

    public long Id { get; }

    public int Number { get; }

    /// <summary>The workflow's file name (<c>matrix-build.yml</c>).</summary>
    public string Workflow { get; }

    /// <summary>The workflow's <c>name:</c> (the run's <c>name</c> in the API).</summary>
    public string WorkflowName { get; internal set; } = string.Empty;

    /// <summary>workflow_dispatch or schedule.</summary>
    public string Event { get; }

    public string Ref { get; }

    public string Sha { get; }

    /// <summary>The rendered run-name (the API's <c>display_title</c>).</summary>
    public string DisplayTitle { get; internal set; } = string.Empty;

    /// <summary>The inputs as dispatched, defaults filled in (strings, as <c>github.event.inputs</c> holds them).</summary>
    public IReadOnlyDictionary<string, string> Inputs { get; internal set; }

    /// <summary>The workflow-level concurrency group, when the workflow has one.</summary>
    public string? ConcurrencyGroup { get; internal set; }

    internal bool CancelInProgress { get; set; }

    /// <summary>queued, in_progress or completed.</summary>
    public string Status { get; internal set; } = "queued";

    /// <summary>success, failure or cancelled once completed.</summary>
    public string? Conclusion { get; internal set; }

    /// <summary>The run's directory: <c>repo/</c> (the snapshot), <c>jobs/</c>, <c>logs/</c>, <c>artifacts/</c>, <c>request.json</c>.</summary>
    public string Directory { get; }

    public IReadOnlyList<ActionsJob> Jobs
    {
        get
        {
            lock (jobs)
            {
                return [.. jobs];
            }
        }
    }

    /// <summary>Every annotation of the run, jobs' included.</summary>
    public IReadOnlyList<ActionsAnnotation> Annotations
    {
        get
        {
            lock (annotations)
            {
                return [.. annotations];
            }
        }
    }

    /// <summary>Completes with the conclusion when the run completes.</summary>
    public Task<string> Completion => completion.Task;

    /// <summary>The API's view of this run.</summary>
    public FakeRun? ApiRun { get; internal set; }

    /// <summary>The runner's standard error (diagnostics when the runner itself failed).</summary>
    public string RunnerErrors { get; internal set; } = string.Empty;

    /// <summary>The job whose key, display name or job id is <paramref name="name"/> (exactly one).</summary>
    public ActionsJob Job(string name)
    {
        var all = Jobs;
        return all.FirstOrDefault(j => j.Key == name) ?? all.FirstOrDefault(j => j.Name == name)
            ?? all.SingleOrDefault(j => j.JobId == name)
            ?? throw new InvalidOperationException($"run {Id} has no job '{name}'; it has: {string.Join(", ", all.Select(j => j.ToString()))}");
    }

    public override string ToString() =>
        $"run {Id} {Workflow} ({Event}) '{DisplayTitle}': {Status} {Conclusion}; jobs: {string.Join("; ", Jobs.Select(j => j.ToString()))}; annotations: {string.Join(" | ", Annotations.Select(a => $"{a.Level} {a.Job}: {a.Message}"))}";

    internal ActionsJob JobFor(string key, string jobId, string name, System.Text.Json.Nodes.JsonObject? matrix)
    {
        lock (jobs)
        {
            var job = jobs.FirstOrDefault(j => j.Key == key);
            if (job is null)
            {
                job = new ActionsJob(key, jobId, name, matrix);
                jobs.Add(job);
            }

            return job;
        }
    }

    internal void Annotate(ActionsAnnotation annotation)
    {
        lock (annotations)
        {
            annotations.Add(annotation);
        }
    }

    internal void Complete(string conclusion)
    {
        Status = "completed";
        Conclusion = conclusion;
        completion.TrySetResult(conclusion);
    }
}
