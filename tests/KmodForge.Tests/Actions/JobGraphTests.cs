namespace KmodForge.Tests.Actions;

/// <summary>Jobs in needs order, their if: conditions with status functions, results and outputs passed on.</summary>
public sealed class JobGraphTests
{
    [Fact]
    public async Task Needs_order_the_jobs_and_pass_outputs_while_a_failure_skips_dependents_unless_their_if_says_otherwise()
    {
        await using var repo = await ActionsTestRepository.WithWorkflowAsync("""
            on: workflow_dispatch
            jobs:
              produce:
                runs-on: ubuntu-latest
                outputs:
                  word: ${{ steps.say.outputs.word }}
                  lines: ${{ steps.say.outputs.lines }}
                steps:
                  - id: say
                    run: |
                      echo "word=hello" >> "$GITHUB_OUTPUT"
                      { echo "lines<<END"; echo "one"; echo "two"; echo "END"; } >> "$GITHUB_OUTPUT"
              consume:
                needs: produce
                runs-on: ubuntu-latest
                steps:
                  - run: |
                      echo "got ${{ needs.produce.outputs.word }} result=${{ needs.produce.result }}"
                      echo "${{ needs.produce.outputs.lines }}" | wc -l
                      exit 1
              after-failure:
                needs: consume
                runs-on: ubuntu-latest
                steps:
                  - run: echo never
              on-failure:
                needs: consume
                if: failure()
                runs-on: ubuntu-latest
                steps:
                  - run: echo "results=${{ join(needs.*.result, ',') }}"
              not-cancelled:
                needs: [produce, consume]
                if: ${{ !cancelled() }}
                runs-on: ubuntu-latest
                steps:
                  - run: echo "ran with ${{ toJSON(needs.*.result) }}"
              always:
                needs: after-failure
                if: always()
                runs-on: ubuntu-latest
                steps:
                  - run: echo "after-failure was ${{ needs.after-failure.result }}"
            """);

        var run = await repo.RunAsync();

        Assert.Equal("failure", run.Conclusion);
        Assert.Equal(("success", "hello", "one\ntwo"), (run.Job("produce").Result, run.Job("produce").Outputs["word"], run.Job("produce").Outputs["lines"]));
        Assert.Contains("got hello result=success", run.Job("consume").Log, StringComparison.Ordinal);
        Assert.Contains("\n2\n", run.Job("consume").Log, StringComparison.Ordinal);
        Assert.Equal("failure", run.Job("consume").Result);
        Assert.Equal("skipped", run.Job("after-failure").Result);
        Assert.Contains("results=failure", run.Job("on-failure").Log, StringComparison.Ordinal);
        Assert.Contains("ran with [\n", run.Job("not-cancelled").Log, StringComparison.Ordinal);
        Assert.Contains("after-failure was skipped", run.Job("always").Log, StringComparison.Ordinal);
        Assert.Contains(run.Annotations, a => a.Level == "error" && a.Message == "Process completed with exit code 1.");
        var jobs = await repo.GetAsync($"actions/runs/{run.Id}/jobs");
        Assert.Equal(6, jobs["total_count"]!.GetValue<int>());
        Assert.Contains(jobs["jobs"]!.AsArray(), j => j!["name"]!.GetValue<string>() == "after-failure" && j["conclusion"]!.GetValue<string>() == "skipped");
    }

    [Fact]
    public async Task A_job_nobody_can_run_fails_loudly_instead_of_waiting()
    {
        await using var repo = await ActionsTestRepository.WithWorkflowAsync("""
            on: workflow_dispatch
            jobs:
              arm:
                runs-on: [self-hosted, ARM64]
                steps:
                  - run: echo never
              boxed:
                runs-on: ubuntu-latest
                container: debian:12
                steps:
                  - run: echo never
            """);

        var run = await repo.RunAsync();

        Assert.Equal("failure", run.Conclusion);
        Assert.Contains(run.Annotations, a => a.Message.Contains("No runner can take job 'arm'", StringComparison.Ordinal) && a.Message.Contains("ARM64", StringComparison.Ordinal));
        Assert.Equal("failure", run.Job("boxed").Result);
        Assert.Contains(run.Annotations, a => a.Message == "Job 'boxed' uses 'container:', which the local runner does not implement");
    }
}
