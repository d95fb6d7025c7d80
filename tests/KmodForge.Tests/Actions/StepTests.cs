namespace KmodForge.Tests.Actions;

/// <summary>run: steps: shells, working directories, env levels, continue-on-error, timeouts and GitHub's variables.</summary>
public sealed class StepTests
{
    [Fact]
    public async Task Run_steps_follow_GitHubs_shell_rules_defaults_and_env_precedence()
    {
        await using var repo = await ActionsTestRepository.WithWorkflowAsync("""
            on: workflow_dispatch
            env:
              LEVEL: workflow
              TOP: top
            defaults:
              run:
                working-directory: sub
            jobs:
              steps:
                runs-on: ubuntu-latest
                env:
                  LEVEL: job
                defaults:
                  run:
                    shell: bash
                steps:
                  - run: mkdir -p "$GITHUB_WORKSPACE/sub/deeper"
                    working-directory: .
                  - run: |
                      echo "pwd=$(basename "$PWD") level=$LEVEL top=$TOP"
                      false | true
                      echo "pipefail-off"
                    shell: bash -e {0}
                  - run: false | true
                  - run: echo "not reached by default shell"
                    if: false
                  - run: echo "level=$LEVEL"
                    env:
                      LEVEL: step
                    working-directory: sub/deeper
                  - run: echo "$0" | grep -q '\.sh$' && echo "sh=ok"
                    shell: sh
            """);

        var run = await repo.RunAsync();

        var log = run.Job("steps").Log;
        Assert.Equal("failure", run.Conclusion);
        Assert.Contains("pwd=sub level=job top=top", log, StringComparison.Ordinal);
        Assert.Contains("pipefail-off", log, StringComparison.Ordinal);
        Assert.Contains("shell: bash --noprofile --norc -eo pipefail {0}", log, StringComparison.Ordinal);
        Assert.Contains("shell: bash -e {0}", log, StringComparison.Ordinal);
        Assert.Contains("Process completed with exit code 1.", log, StringComparison.Ordinal);
        Assert.DoesNotContain("level=step", log, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Steps_see_GitHubs_default_variables_a_fresh_workspace_and_no_token_unless_the_workflow_passes_it()
    {
        await using var repo = await ActionsTestRepository.WithWorkflowAsync("""
            on: workflow_dispatch
            jobs:
              vars:
                runs-on: ubuntu-latest
                steps:
                  - run: |
                      for v in CI GITHUB_ACTIONS GITHUB_REPOSITORY GITHUB_REPOSITORY_OWNER GITHUB_RUN_NUMBER GITHUB_RUN_ATTEMPT GITHUB_REF GITHUB_REF_NAME GITHUB_EVENT_NAME GITHUB_JOB GITHUB_ACTOR GITHUB_WORKFLOW RUNNER_OS RUNNER_ARCH RUNNER_NAME; do echo "$v=${!v}"; done
                      echo "token=${GITHUB_TOKEN:-absent}"
                      test -d "$RUNNER_TEMP" && test -d "$RUNNER_TOOL_CACHE" && test "$PWD" = "$GITHUB_WORKSPACE" && echo "dirs=ok"
                      test -z "$(ls -A "$GITHUB_WORKSPACE")" && echo "workspace=empty"
                      grep -q '"inputs"' "$GITHUB_EVENT_PATH" && echo "event=ok"
                      test "$GITHUB_API_URL" = "${{ github.api_url }}" && test "$GITHUB_SERVER_URL" = "${{ github.server_url }}" && test -n "$GITHUB_GRAPHQL_URL" && echo "urls=ok"
                      test "$GITHUB_SHA" = "${{ github.sha }}" && test "$GITHUB_RUN_ID" = "${{ github.run_id }}" && echo "ids=ok"
                      echo "ctx=${{ runner.os }} ${{ runner.arch }} ${{ job.status }}"
                  - run: echo "passed=${#GITHUB_TOKEN}"
                    env:
                      GITHUB_TOKEN: ${{ secrets.GITHUB_TOKEN }}
            """);

        var run = await repo.RunAsync();

        var log = run.Job("vars").Log;
        Assert.Equal("success", run.Conclusion);
        foreach (var expected in new[]
        {
            "CI=true", "GITHUB_ACTIONS=true", "GITHUB_REPOSITORY=kmodforge/drivers", "GITHUB_REPOSITORY_OWNER=kmodforge", $"GITHUB_RUN_NUMBER={run.Number}",
            "GITHUB_RUN_ATTEMPT=1", "GITHUB_REF=refs/heads/main", "GITHUB_REF_NAME=main", "GITHUB_EVENT_NAME=workflow_dispatch", "GITHUB_JOB=vars",
            "GITHUB_ACTOR=kmodforge-bot", "GITHUB_WORKFLOW=.github/workflows/test.yml", "RUNNER_OS=Linux", "RUNNER_ARCH=X64", "RUNNER_NAME=kmodforge-local-runner",
            "token=absent", "dirs=ok", "workspace=empty", "event=ok", "urls=ok", "ids=ok", "ctx=Linux X64 success", "passed=40",
        })
        {
            Assert.Contains(expected, log, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Continue_on_error_keeps_the_job_going_with_outcome_and_conclusion_and_timeouts_kill_the_process_group()
    {
        await using var repo = await ActionsTestRepository.WithWorkflowAsync("""
            on: workflow_dispatch
            jobs:
              tolerant:
                runs-on: ubuntu-latest
                steps:
                  - id: bad
                    run: exit 3
                    continue-on-error: true
                  - run: echo "outcome=${{ steps.bad.outcome }} conclusion=${{ steps.bad.conclusion }} status=${{ job.status }}"
                  - id: slow
                    run: |
                      sleep 300 &
                      echo $! > "$RUNNER_TEMP/background.pid"
                      sleep 300
                    timeout-minutes: 0.02
                    continue-on-error: true
                  - run: |
                      sleep 1
                      if kill -0 "$(cat "$RUNNER_TEMP/background.pid")" 2>/dev/null; then echo "group=alive"; else echo "slow=${{ steps.slow.outcome }} group=gone"; fi
              timed-out:
                runs-on: ubuntu-latest
                timeout-minutes: 0.02
                steps:
                  - run: sleep 300
                  - run: echo never
                  - if: always()
                    run: echo "cleanup ran"
            """);

        var started = DateTime.UtcNow;
        var run = await repo.RunAsync();

        Assert.True(DateTime.UtcNow - started < TimeSpan.FromSeconds(40));
        Assert.Equal("success", run.Job("tolerant").Result);
        Assert.Contains("outcome=failure conclusion=success status=success", run.Job("tolerant").Log, StringComparison.Ordinal);
        Assert.Contains("slow=failure group=gone", run.Job("tolerant").Log, StringComparison.Ordinal);
        Assert.Contains("The action has timed out after 0.02 minutes.", run.Job("tolerant").Log, StringComparison.Ordinal);
        Assert.Equal("failure", run.Job("timed-out").Result);
        Assert.Contains("has exceeded the maximum execution time of 0.02 minutes", run.Job("timed-out").Log, StringComparison.Ordinal);
        Assert.Contains("cleanup ran", run.Job("timed-out").Log, StringComparison.Ordinal);
        Assert.DoesNotContain("\nnever", run.Job("timed-out").Log, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_shell_the_runner_does_not_implement_fails_the_step_naming_it()
    {
        await using var repo = await ActionsTestRepository.WithWorkflowAsync("""
            on: workflow_dispatch
            jobs:
              py:
                runs-on: ubuntu-latest
                steps:
                  - run: print("hi")
                    shell: python
            """);

        var run = await repo.RunAsync();

        Assert.Equal("failure", run.Conclusion);
        Assert.Contains(run.Annotations, a => a.Message.Contains("The shell 'python' is not implemented by the local runner", StringComparison.Ordinal));
    }

    [Fact]
    public async Task With_a_fresh_home_per_job_nothing_a_job_leaves_under_home_reaches_the_next()
    {
        await using var repo = await ActionsTestRepository.WithWorkflowAsync("""
            on: workflow_dispatch
            jobs:
              first:
                runs-on: ubuntu-latest
                steps:
                  - run: mkdir -p ~/.cache/kmodforge && echo left > ~/.cache/kmodforge/marker && echo "home=$HOME"
              second:
                needs: first
                runs-on: ubuntu-latest
                steps:
                  - run: echo "home=$HOME marker=$(cat ~/.cache/kmodforge/marker 2>/dev/null || echo absent) env=$RUNNER_ENVIRONMENT"
            """, options => options with { FreshHomePerJob = true });

        var run = await repo.RunAsync();

        Assert.Equal("success", run.Conclusion);
        var first = System.Text.RegularExpressions.Regex.Match(run.Job("first").Log, "home=(/\\S+)").Groups[1].Value;
        ActionsTestRepository.LogContains(run.Job("second"), "marker=absent env=github-hosted");
        Assert.StartsWith(repo.Temp.Path, first, StringComparison.Ordinal);
        Assert.DoesNotContain($"home={first} ", run.Job("second").Log, StringComparison.Ordinal);
    }
}
