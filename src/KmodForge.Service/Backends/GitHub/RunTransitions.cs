using KmodForge.GitHub;
using KmodForge.Service.Builds;

namespace KmodForge.Service.Backends.GitHub;

/// <summary>
/// Decides a GitHub build's next state from its record and its run (pure: the poller does the I/O). A completed run
/// wins over the timeout; a run that has not finished within the build timeout (counted from the dispatch) is timed out.
/// </summary>
public static class RunTransitions
{
    public static RunDecision Decide(BuildRecord build, WorkflowRunInfo? run, DateTimeOffset now, TimeSpan timeout, TimeSpan recoveryGrace)
    {
        if (build.State.IsFinished())
        {
            return new(RunAction.Wait);
        }

        var adopt = false;
        if (build.State == BuildState.Dispatching)
        {
            if (run is null)
            {
                return now - build.CreatedAt >= recoveryGrace ? new(RunAction.Redispatch) : new(RunAction.Wait);
            }

            adopt = true;
        }

        if (run is { Status: "completed" })
        {
            return run.Conclusion == "success"
                ? new(RunAction.CheckPackage, Adopt: adopt, Run: run)
                : new(RunAction.Update, new BuildUpdate(BuildState.Error,
                    $"workflow run {run.Id} concluded '{run.Conclusion ?? "(none)"}': {run.HtmlUrl}", RunId: run.Id, RunUrl: run.HtmlUrl), adopt, run);
        }

        var since = build.DispatchedAt ?? build.CreatedAt;
        if (now - since >= timeout)
        {
            var what = run is null ? "GitHub never listed a run for it" : $"workflow run {run.Id} is still {run.Status}: {run.HtmlUrl}";
            return new(RunAction.Update, new BuildUpdate(BuildState.TimedOut,
                $"no result within {timeout.TotalMinutes:0.#} min of the dispatch; {what}", RunId: run?.Id, RunUrl: run?.HtmlUrl), adopt, run);
        }

        if (run is null)
        {
            return new(RunAction.Wait);
        }

        var state = run.Status == "in_progress" ? BuildState.InProgress : BuildState.Queued;
        if (!adopt && state == build.State && run.Id == build.RunId)
        {
            return new(RunAction.Wait);
        }

        var reason = state == BuildState.InProgress ? $"workflow run {run.Id} is in progress" : $"workflow run {run.Id} is {run.Status}, waiting for a runner";
        return new(RunAction.Update, new BuildUpdate(state, reason, RunId: run.Id, RunUrl: run.HtmlUrl), adopt, run);
    }
}
