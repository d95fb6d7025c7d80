namespace KmodForge.Tests.Actions;

/// <summary>What the host decides across runs: concurrency groups and cancellation.</summary>
public sealed class RunnerHostTests
{
    [Fact]
    public async Task A_concurrency_group_runs_one_at_a_time_a_newer_pending_run_replaces_the_older_and_cancel_in_progress_cancels_the_running_one()
    {
        var wait = ActionsTestRepository.WaitFor("queue-${{ inputs.n }}");
        var waitLatest = ActionsTestRepository.WaitFor("latest-${{ inputs.n }}");
        await using var repo = await ActionsTestRepository.CreateAsync(new Dictionary<string, string>
        {
            [".github/workflows/queue.yml"] = $"on:\n  workflow_dispatch:\n    inputs:\n      n: {{ type: string }}\nconcurrency: one-at-a-time\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - run: '{wait}'\n",
            [".github/workflows/latest.yml"] = $"on:\n  workflow_dispatch:\n    inputs:\n      n: {{ type: string }}\nconcurrency:\n  group: latest-${{{{ github.ref }}}}\n  cancel-in-progress: true\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - run: '{waitLatest}'\n      - if: cancelled()\n        run: echo \"cleanup after cancel\"\n",
        });

        foreach (var n in new[] { "1", "2", "3" })
        {
            Assert.Equal(204, (await repo.DispatchAsync("queue.yml", new Dictionary<string, string> { ["n"] = n })).Status);
        }

        var runs = repo.Runner.Runs;
        await ActionsTestRepository.UntilAsync(() => runs[1].Status == "completed", "the older pending run is cancelled");
        Assert.Equal(("in_progress", "cancelled", "queued"), (runs[0].Status, runs[1].Conclusion, runs[2].Status));
        Assert.Equal("one-at-a-time", runs[2].ConcurrencyGroup);
        Assert.Empty(runs[1].Jobs);
        repo.Open("queue-3");
        await Task.Delay(500);
        Assert.Equal("queued", runs[2].Status);
        repo.Open("queue-1");
        await runs[2].Completion.WaitAsync(TimeSpan.FromSeconds(60));
        Assert.Equal(("success", "success"), (runs[0].Conclusion, runs[2].Conclusion));

        await repo.DispatchAsync("latest.yml", new Dictionary<string, string> { ["n"] = "1" });
        var first = repo.Runner.Runs[^1];
        await ActionsTestRepository.UntilAsync(() => first.Jobs.Any(j => j.Status == "in_progress"), "the first latest.yml run starts its job");
        await repo.DispatchAsync("latest.yml", new Dictionary<string, string> { ["n"] = "2" });
        var second = repo.Runner.Runs[^1];
        await first.Completion.WaitAsync(TimeSpan.FromSeconds(30));
        repo.Open("latest-2");
        await second.Completion.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(("cancelled", "success"), (first.Conclusion, second.Conclusion));
        ActionsTestRepository.LogContains(first.Job("a"), "cleanup after cancel");
    }

    [Fact]
    public async Task Cancelling_a_run_through_the_API_kills_its_steps_cancels_waiting_jobs_and_still_runs_always_jobs_and_steps()
    {
        await using var repo = await ActionsTestRepository.WithWorkflowAsync("""
            on: workflow_dispatch
            jobs:
              long:
                runs-on: ubuntu-latest
                steps:
                  - run: sleep 300
                  - run: echo "never"
                  - if: always()
                    run: echo "always step ran"
              next:
                needs: long
                runs-on: ubuntu-latest
                steps:
                  - run: echo never
              report:
                needs: long
                if: always()
                runs-on: ubuntu-latest
                steps:
                  - run: echo "report sees ${{ needs.long.result }}"
            """);
        await repo.DispatchAsync("test.yml");
        var run = repo.Runner.Runs[0];
        await ActionsTestRepository.UntilAsync(() => run.Jobs.Any(j => j.Status == "in_progress"), "the long job starts");

        using var http = new HttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, $"{repo.Server.ApiUrl}repos/{repo.Server.Repository}/actions/runs/{run.Id}/cancel");
        request.Headers.Authorization = new("token", repo.Server.Token);
        var started = DateTime.UtcNow;
        using var answer = await http.SendAsync(request);
        await run.Completion.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(System.Net.HttpStatusCode.Accepted, answer.StatusCode);
        Assert.True(DateTime.UtcNow - started < TimeSpan.FromSeconds(15));
        Assert.Equal("cancelled", run.Conclusion);
        Assert.Equal(("cancelled", "cancelled", "success"), (run.Job("long").Result, run.Job("next").Result, run.Job("report").Result));
        ActionsTestRepository.LogContains(run.Job("long"), "always step ran");
        Assert.DoesNotContain("\nnever", run.Job("long").Log, StringComparison.Ordinal);
        ActionsTestRepository.LogContains(run.Job("report"), "report sees cancelled");
        var api = await repo.GetAsync($"actions/runs/{run.Id}");
        Assert.Equal(("completed", "cancelled"), (api["status"]!.GetValue<string>(), api["conclusion"]!.GetValue<string>()));
    }

    [Fact]
    public async Task Jobs_sharing_a_job_level_concurrency_group_never_run_together_even_with_free_capacity()
    {
        await using var repo = await ActionsTestRepository.WithWorkflowAsync("""
            on: workflow_dispatch
            jobs:
              a:
                runs-on: ubuntu-latest
                concurrency: deploy-${{ github.repository }}
                steps:
                  - run: echo "start $(date +%s%N)" >> "$GATE/times"; sleep 0.5; echo "end $(date +%s%N)" >> "$GATE/times"
              b:
                runs-on: ubuntu-latest
                concurrency:
                  group: deploy-${{ github.repository }}
                steps:
                  - run: echo "start $(date +%s%N)" >> "$GATE/times"; sleep 0.5; echo "end $(date +%s%N)" >> "$GATE/times"
            """);

        var run = await repo.RunAsync();

        Assert.Equal("success", run.Conclusion);
        var kinds = File.ReadAllLines(Path.Combine(repo.Gate, "times")).Select(l => l.Split(' ')).OrderBy(p => long.Parse(p[1], System.Globalization.CultureInfo.InvariantCulture)).Select(p => p[0]);
        Assert.Equal(["start", "end", "start", "end"], kinds);
    }
}
