using System.Text.Json.Nodes;
using KmodForge.TestSupport.GitHub;

namespace KmodForge.Tests.Actions;

/// <summary>A run and its runner process: the runner's events applied to the run, its jobs and the API's view of them.</summary>
internal sealed class RunHandle(ActionsRun run, GitHubState state, RunnerScheduler scheduler)
{
    private int started;

    public ActionsRun Run { get; } = run;

    public RunnerProcess Process { get; set; } = null!;

    public void Start()
    {
        if (Interlocked.Exchange(ref started, 1) == 0)
        {
            Run.Status = "in_progress";
            Update(r =>
            {
                r.Status = "in_progress";
                r.StartedAt = DateTimeOffset.UtcNow;
            });
            Process.Send("start");
        }
    }

    public void Cancel()
    {
        scheduler.RunCancelled(this);
        Process.Send("cancel");
    }

    public void OnEvent(JsonObject e)
    {
        switch (e["event"]?.GetValue<string>())
        {
            case "job_queued":
                JobOf(e);
                ApiJob(e, j => j.Status = "queued");
                scheduler.SlotRequested(this, e);
                break;
            case "job_withdrawn":
                scheduler.SlotWithdrawn(this, e["request"]!.GetValue<int>());
                break;
            case "job_started":
            {
                var job = JobOf(e);
                job.Status = "in_progress";
                job.LogPath = e["log"]?.GetValue<string>();
                ApiJob(e, j =>
                {
                    j.Status = "in_progress";
                    j.StartedAt = DateTimeOffset.UtcNow;
                });
                break;
            }

            case "job_completed":
            {
                var job = JobOf(e);
                job.Status = "completed";
                job.Result = e["result"]?.GetValue<string>();
                job.LogPath = e["log"]?.GetValue<string>() ?? job.LogPath;
                job.StepSummary = e["summary"]?.GetValue<string>() ?? string.Empty;
                job.Outputs = (e["outputs"] as JsonObject)?.ToDictionary(p => p.Key, p => p.Value?.GetValue<string>() ?? string.Empty, StringComparer.Ordinal)
                    ?? new Dictionary<string, string>();
                ApiJob(e, j =>
                {
                    j.Status = "completed";
                    j.Conclusion = job.Result;
                    j.CompletedAt = DateTimeOffset.UtcNow;
                });
                scheduler.JobCompleted(this, job.Key);
                break;
            }

            case "annotation":
            {
                var annotation = new ActionsAnnotation(e["level"]?.GetValue<string>() ?? "error", e["message"]?.GetValue<string>() ?? string.Empty,
                    e["job"]?.GetValue<string>(), e["file"]?.GetValue<string>(), e["line"]?.GetValue<int>(), e["title"]?.GetValue<string>());
                Run.Annotate(annotation);
                if (annotation.Job is { } key)
                {
                    var job = Run.JobFor(key, string.Empty, key, null);
                    lock (job.AnnotationList)
                    {
                        job.AnnotationList.Add(annotation);
                    }
                }

                break;
            }

            case "completed":
                Finish(e["conclusion"]?.GetValue<string>() ?? "failure");
                break;
        }
    }

    /// <summary>The runner process ended; a run it did not complete failed (its stderr says why).</summary>
    public void OnExit()
    {
        Run.RunnerErrors = Process.Errors;
        if (Run.Status != "completed")
        {
            Run.Annotate(new ActionsAnnotation("error", "the runner process exited before the run completed: " + Process.Errors, null, null, null, null));
            Finish("failure");
        }
    }

    private void Finish(string conclusion)
    {
        if (Run.Status == "completed")
        {
            return;
        }

        Update(r =>
        {
            r.Status = "completed";
            r.Conclusion = conclusion;
        });
        scheduler.RunCompleted(this);
        Run.Complete(conclusion);
        Process.CloseInput();
    }

    private ActionsJob JobOf(JsonObject e)
    {
        var job = Run.JobFor(e["job"]!.GetValue<string>(), e["job_id"]?.GetValue<string>() ?? string.Empty, e["name"]?.GetValue<string>() ?? string.Empty,
            e["matrix"] is JsonObject m ? (JsonObject)m.DeepClone() : null);
        job.Name = e["name"]?.GetValue<string>() ?? job.Name;
        if (e["job_id"]?.GetValue<string>() is { Length: > 0 } id)
        {
            job.JobId = id;
        }

        return job;
    }

    private void ApiJob(JsonObject e, Action<FakeJob> change)
    {
        if (Run.ApiRun is not { } api)
        {
            return;
        }

        var name = e["name"]?.GetValue<string>() ?? e["job"]!.GetValue<string>();
        lock (state.Gate)
        {
            var key = e["job"]!.GetValue<string>();
            if (!apiJobs.TryGetValue(key, out var job))
            {
                job = new FakeJob(state.NextId(), name, DateTimeOffset.UtcNow);
                apiJobs[key] = job;
                api.Jobs.Add(job);
            }

            change(job);
            api.UpdatedAt = DateTimeOffset.UtcNow;
        }
    }

    private readonly Dictionary<string, FakeJob> apiJobs = new(StringComparer.Ordinal);

    private void Update(Action<FakeRun> change)
    {
        if (Run.ApiRun is not { } api)
        {
            return;
        }

        lock (state.Gate)
        {
            change(api);
            api.UpdatedAt = DateTimeOffset.UtcNow;
        }
    }
}
