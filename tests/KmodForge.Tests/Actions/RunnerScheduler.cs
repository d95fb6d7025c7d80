using System.Text.Json.Nodes;
using KmodForge.TestSupport.GitHub;

namespace KmodForge.Tests.Actions;

/// <summary>
/// What GitHub decides across runs: when a run may start (its workflow-level concurrency group free, at most
/// <see cref="LocalActionsRunnerOptions.MaxConcurrentRuns"/> in progress) and when a job gets a runner (at most
/// <see cref="LocalActionsRunnerOptions.Capacity"/> jobs at once, its job-level concurrency group free), minting each
/// job's token with its permissions. Concurrency: one running and at most one pending per group; a newer pending one
/// cancels the older pending one; <c>cancel-in-progress</c> cancels the running one.
/// </summary>
internal sealed class RunnerScheduler(LocalGitHubServer server, LocalActionsRunnerOptions options)
{
    private readonly object gate = new();
    private readonly List<RunHandle> queuedRuns = [];
    private readonly HashSet<RunHandle> runningRuns = [];
    private readonly Dictionary<string, RunHandle> runGroups = new(StringComparer.Ordinal);
    private readonly Dictionary<string, RunHandle> pendingRunGroups = new(StringComparer.Ordinal);
    private readonly List<SlotRequest> queuedSlots = [];
    private readonly Dictionary<(RunHandle Run, string Key), SlotRequest> granted = [];
    private readonly Dictionary<string, SlotRequest> jobGroups = new(StringComparer.Ordinal);
    private readonly Dictionary<string, SlotRequest> pendingJobGroups = new(StringComparer.Ordinal);

    /// <summary>A run accepted by its runner, waiting to start.</summary>
    public void Enqueue(RunHandle run)
    {
        lock (gate)
        {
            if (run.Run.ConcurrencyGroup is { Length: > 0 } group)
            {
                if (pendingRunGroups.TryGetValue(group, out var older))
                {
                    queuedRuns.Remove(older);
                    older.Cancel();
                }

                pendingRunGroups[group] = run;
                if (run.Run.CancelInProgress && runGroups.TryGetValue(group, out var holder))
                {
                    holder.Cancel();
                }
            }

            queuedRuns.Add(run);
            StartRuns();
        }
    }

    public void RunCompleted(RunHandle run)
    {
        lock (gate)
        {
            queuedRuns.Remove(run);
            runningRuns.Remove(run);
            if (run.Run.ConcurrencyGroup is { } group)
            {
                if (runGroups.TryGetValue(group, out var holder) && holder == run)
                {
                    runGroups.Remove(group);
                }

                if (pendingRunGroups.TryGetValue(group, out var pending) && pending == run)
                {
                    pendingRunGroups.Remove(group);
                }
            }

            foreach (var slot in queuedSlots.Where(s => s.Run == run).ToList())
            {
                queuedSlots.Remove(slot);
            }

            foreach (var key in granted.Keys.Where(k => k.Run == run).ToList())
            {
                Release(granted[key]);
            }

            StartRuns();
            GrantSlots();
        }
    }

    /// <summary>The runner asks for a runner for one job (<c>job_queued</c>).</summary>
    public void SlotRequested(RunHandle run, JsonObject e)
    {
        lock (gate)
        {
            var concurrency = e["concurrency"] as JsonObject;
            var slot = new SlotRequest(run, e["request"]!.GetValue<int>(), e["job"]!.GetValue<string>(),
                (e["permissions"] as JsonObject)?.ToDictionary(p => p.Key, p => p.Value!.GetValue<string>(), StringComparer.Ordinal) ?? [],
                concurrency?["group"]?.GetValue<string>() is { Length: > 0 } g ? g : null,
                concurrency?["cancel_in_progress"]?.GetValue<bool>() ?? false);
            if (slot.Group is { } group)
            {
                if (pendingJobGroups.TryGetValue(group, out var older))
                {
                    queuedSlots.Remove(older);
                    older.Run.Process.Send(new JsonObject { ["request"] = older.Request, ["cancelled"] = true });
                }

                pendingJobGroups[group] = slot;
                if (slot.CancelInProgress && jobGroups.TryGetValue(group, out var holder))
                {
                    holder.Run.Process.Send(new JsonObject { ["cancel_job"] = holder.Key });
                }
            }

            queuedSlots.Add(slot);
            GrantSlots();
        }
    }

    public void SlotWithdrawn(RunHandle run, int request)
    {
        lock (gate)
        {
            if (queuedSlots.FirstOrDefault(s => s.Run == run && s.Request == request) is { } slot)
            {
                queuedSlots.Remove(slot);
                if (slot.Group is { } group && pendingJobGroups.TryGetValue(group, out var pending) && pending == slot)
                {
                    pendingJobGroups.Remove(group);
                }
            }

            GrantSlots();
        }
    }

    public void JobCompleted(RunHandle run, string key)
    {
        lock (gate)
        {
            if (granted.TryGetValue((run, key), out var slot))
            {
                Release(slot);
            }

            GrantSlots();
        }
    }

    /// <summary>The run is being cancelled: its jobs still waiting for a runner are answered "cancelled" (always() jobs ask again).</summary>
    public void RunCancelled(RunHandle run)
    {
        lock (gate)
        {
            foreach (var slot in queuedSlots.Where(s => s.Run == run).ToList())
            {
                queuedSlots.Remove(slot);
                if (slot.Group is { } group && pendingJobGroups.TryGetValue(group, out var pending) && pending == slot)
                {
                    pendingJobGroups.Remove(group);
                }

                run.Process.Send(new JsonObject { ["request"] = slot.Request, ["cancelled"] = true });
            }
        }
    }

    public bool IsIdle
    {
        get
        {
            lock (gate)
            {
                return queuedRuns.Count == 0 && runningRuns.Count == 0;
            }
        }
    }

    private void StartRuns()
    {
        foreach (var run in queuedRuns.ToList())
        {
            if (runningRuns.Count >= options.MaxConcurrentRuns)
            {
                return;
            }

            if (run.Run.ConcurrencyGroup is { } group)
            {
                if (runGroups.ContainsKey(group))
                {
                    continue;
                }

                runGroups[group] = run;
                pendingRunGroups.Remove(group);
            }

            queuedRuns.Remove(run);
            runningRuns.Add(run);
            run.Start();
        }
    }

    private void GrantSlots()
    {
        foreach (var slot in queuedSlots.ToList())
        {
            if (granted.Count >= options.Capacity)
            {
                return;
            }

            if (slot.Group is { } group)
            {
                if (jobGroups.ContainsKey(group))
                {
                    continue;
                }

                jobGroups[group] = slot;
                pendingJobGroups.Remove(group);
            }

            queuedSlots.Remove(slot);
            slot.Token = server.IssueToken(slot.Permissions);
            granted[(slot.Run, slot.Key)] = slot;
            slot.Run.Process.Send(new JsonObject { ["request"] = slot.Request, ["token"] = slot.Token });
        }
    }

    private void Release(SlotRequest slot)
    {
        granted.Remove((slot.Run, slot.Key));
        if (slot.Token is { } token)
        {
            server.RevokeToken(token);
        }

        if (slot.Group is { } group && jobGroups.TryGetValue(group, out var holder) && holder == slot)
        {
            jobGroups.Remove(group);
        }
    }

    private sealed record SlotRequest(RunHandle Run, int Request, string Key, IReadOnlyDictionary<string, string> Permissions, string? Group, bool CancelInProgress)
    {
        public string? Token { get; set; }
    }
}
