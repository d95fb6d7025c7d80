using KmodForge.GitHub;
using KmodForge.Tests.GitHub;

namespace KmodForge.Tests.Actions;

/// <summary>Runs seen through GitHub's API (and the project's own client), job tokens with their permissions, capacity, and runs started by runs.</summary>
public sealed class RunnerApiTests
{
    [Fact]
    public async Task A_run_goes_from_queued_to_in_progress_to_completed_in_the_API_and_the_projects_client_finds_it_by_build_id()
    {
        await using var repo = await ActionsTestRepository.WithWorkflowAsync($$$"""
            name: Driver build
            run-name: driver-build ${{ inputs.build_id }}
            on:
              workflow_dispatch:
                inputs:
                  build_id: { type: string, required: true }
            jobs:
              build:
                name: Build ${{ inputs.build_id }}
                runs-on: ubuntu-latest
                steps:
                  - run: '{{{ActionsTestRepository.WaitFor("go")}}}'
            """);
        using var api = GitHubClientFactory.Connect(new GitHubSettings
        {
            Token = repo.Server.Token,
            Repository = repo.Server.Repository,
            ApiUrl = repo.Server.BaseUrl.ToString(),
            ServerUrl = repo.Server.BaseUrl.ToString(),
        }, new RecordingLog());
        var runs = new GitHubWorkflowRuns(api);

        await new GitHubWorkflowDispatcher(api).DispatchAsync("test.yml", repo.Server.DefaultBranch, new Dictionary<string, string> { ["build_id"] = "b-42" }, CancellationToken.None);
        var run = repo.Runner.Runs[0];
        await ActionsTestRepository.UntilAsync(() => run.Jobs.Any(j => j.Status == "in_progress"), "the job starts");
        var during = await runs.FindByBuildIdAsync("test.yml", "b-42", CancellationToken.None);
        var jobsDuring = await repo.GetAsync($"actions/runs/{run.Id}/jobs");
        repo.Open("go");
        await run.Completion.WaitAsync(TimeSpan.FromSeconds(30));
        var after = await runs.FindByBuildIdAsync("test.yml", "b-42", CancellationToken.None);
        var json = await repo.GetAsync($"actions/runs/{run.Id}");
        var list = await repo.GetAsync("actions/workflows/test.yml/runs?event=workflow_dispatch");

        Assert.Equal((run.Id, "in_progress", null), (during!.Id, during.Status, during.Conclusion));
        Assert.Equal("in_progress", jobsDuring["jobs"]![0]!["status"]!.GetValue<string>());
        Assert.Equal("Build b-42", jobsDuring["jobs"]![0]!["name"]!.GetValue<string>());
        Assert.Equal(("completed", "success"), (after!.Status, after.Conclusion));
        Assert.Equal("Driver build", json["name"]!.GetValue<string>());
        Assert.Equal("driver-build b-42", json["display_title"]!.GetValue<string>());
        Assert.Equal("workflow_dispatch", json["event"]!.GetValue<string>());
        Assert.Equal(1, json["run_number"]!.GetValue<int>());
        Assert.Equal($"{repo.Server.BaseUrl}kmodforge/drivers/actions/runs/{run.Id}", json["html_url"]!.GetValue<string>());
        Assert.Equal(1, list["total_count"]!.GetValue<int>());
    }

    [Fact]
    public async Task Each_job_gets_a_token_with_exactly_its_permissions_and_a_missing_one_is_GitHubs_403()
    {
        const string Curl = """curl -s -o /dev/null -D - -w 'status=%{http_code}\n' -H "Authorization: Bearer $GITHUB_TOKEN" -H 'Content-Type: application/json' """;
        await using var repo = await ActionsTestRepository.WithWorkflowAsync($$$"""
            on: workflow_dispatch
            permissions:
              contents: read
            jobs:
              reader:
                runs-on: ubuntu-latest
                env:
                  GITHUB_TOKEN: ${{ github.token }}
                steps:
                  - run: |
                      {{{Curl}}} "$GITHUB_API_URL/repos/$GITHUB_REPOSITORY/git/ref/heads/main" | grep -E '^status='
                      {{{Curl}}} -X POST -d '{"ref":"refs/heads/x","sha":"${{ github.sha }}"}' "$GITHUB_API_URL/repos/$GITHUB_REPOSITORY/git/refs" | grep -iE '^(status=|x-accepted-github-permissions)'
              writer:
                needs: reader
                runs-on: ubuntu-latest
                permissions:
                  contents: write
                env:
                  GITHUB_TOKEN: ${{ secrets.GITHUB_TOKEN }}
                steps:
                  - run: |
                      {{{Curl}}} -X POST -d '{"ref":"refs/heads/y","sha":"${{ github.sha }}"}' "$GITHUB_API_URL/repos/$GITHUB_REPOSITORY/git/refs" | grep -E '^status='
                      echo "$GITHUB_TOKEN" > "$GATE/writer-token"
            """);

        var run = await repo.RunAsync();

        Assert.Equal("success", run.Conclusion);
        ActionsTestRepository.LogContains(run.Job("reader"), "status=200");
        ActionsTestRepository.LogContains(run.Job("reader"), "x-accepted-github-permissions: contents=write");
        ActionsTestRepository.LogContains(run.Job("reader"), "status=403");
        ActionsTestRepository.LogContains(run.Job("writer"), "status=201");
        Assert.True(repo.Server.State.Refs.ContainsKey("heads/y"));
        Assert.False(repo.Server.State.Refs.ContainsKey("heads/x"));
        var expired = File.ReadAllText(Path.Combine(repo.Gate, "writer-token")).Trim();
        using var http = new HttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, $"{repo.Server.ApiUrl}repos/{repo.Server.Repository}");
        request.Headers.Authorization = new("Bearer", expired);
        Assert.Equal(System.Net.HttpStatusCode.Unauthorized, (await http.SendAsync(request)).StatusCode);
    }

    [Fact]
    public async Task A_run_dispatching_another_is_waited_for_and_capacity_bounds_the_jobs_running_at_once()
    {
        await using var repo = await ActionsTestRepository.CreateAsync(new Dictionary<string, string>
        {
            [".github/workflows/parent.yml"] = """
                on: workflow_dispatch
                permissions:
                  actions: write
                jobs:
                  dispatch:
                    runs-on: ubuntu-latest
                    steps:
                      - run: |
                          curl -sf -X POST -H "Authorization: Bearer $TOKEN" -d '{"ref":"main","inputs":{"from":"parent"}}' "$GITHUB_API_URL/repos/$GITHUB_REPOSITORY/actions/workflows/child.yml/dispatches"
                        env:
                          TOKEN: ${{ github.token }}
                """,
            [".github/workflows/child.yml"] = """
                run-name: child of ${{ inputs.from }}
                on:
                  workflow_dispatch:
                    inputs:
                      from: { type: string }
                jobs:
                  work:
                    runs-on: ubuntu-latest
                    strategy:
                      matrix:
                        n: [1, 2, 3]
                    steps:
                      - run: |
                          echo "start ${{ matrix.n }} $(date +%s%N)" >> "$GATE/times"
                          sleep 0.5
                          echo "end ${{ matrix.n }} $(date +%s%N)" >> "$GATE/times"
                """,
        }, o => o with { Capacity = 1 });

        Assert.Equal(204, (await repo.DispatchAsync("parent.yml")).Status);
        await repo.Runner.WaitForIdleAsync(TimeSpan.FromSeconds(90));

        Assert.Equal(2, repo.Runner.Runs.Count);
        Assert.All(repo.Runner.Runs, r => Assert.Equal("success", r.Conclusion));
        Assert.Equal("child of parent", repo.Runner.Runs[1].DisplayTitle);
        var events = File.ReadAllLines(Path.Combine(repo.Gate, "times")).Select(l => l.Split(' ')).Select(p => (Kind: p[0], At: long.Parse(p[2], System.Globalization.CultureInfo.InvariantCulture))).OrderBy(e => e.At).ToList();
        Assert.Equal(["start", "end", "start", "end", "start", "end"], events.Select(e => e.Kind));
    }
}
