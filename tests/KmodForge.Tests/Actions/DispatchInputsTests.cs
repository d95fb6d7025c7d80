namespace KmodForge.Tests.Actions;

/// <summary>workflow_dispatch inputs checked as GitHub's dispatch API does, the answer coming from the runner's validation.</summary>
public sealed class DispatchInputsTests
{
    private const string Workflow = """
        name: Inputs
        run-name: inputs ${{ inputs.who }} ${{ inputs.flag }} ${{ inputs.pick }} ${{ inputs.count }}
        on:
          workflow_dispatch:
            inputs:
              who: { type: string, required: true }
              flag: { type: boolean, default: false }
              pick: { type: choice, options: [red, blue], default: red }
              count: { type: number, default: 3 }
              place: { type: environment, required: false }
          schedule:
            - cron: "0 3 * * *"
        jobs:
          show:
            runs-on: ubuntu-latest
            steps:
              - run: |
                  echo "typed=${{ inputs.flag == true }} ${{ inputs.flag == 'true' }} ${{ inputs.count > 2 }} ${{ inputs.count == 3 }}"
                  echo "event=${{ github.event.inputs.flag == 'true' }} ${{ toJSON(github.event.inputs.count) }}"
                  echo "empty=${{ toJSON(inputs) }}"
        """;

    [Fact]
    public async Task A_dispatch_renders_the_run_name_fills_defaults_and_types_the_inputs_context()
    {
        await using var repo = await ActionsTestRepository.WithWorkflowAsync(Workflow);

        var run = await repo.RunAsync(new Dictionary<string, string> { ["who"] = "ada", ["flag"] = "true" });

        Assert.Equal("success", run.Conclusion);
        Assert.Equal("inputs ada true red 3", run.DisplayTitle);
        Assert.Equal("Inputs", run.WorkflowName);
        Assert.Equal(new Dictionary<string, string> { ["who"] = "ada", ["flag"] = "true", ["pick"] = "red", ["count"] = "3", ["place"] = "" }, run.Inputs);
        var log = run.Job("show").Log;
        Assert.Contains("typed=true false true true", log, StringComparison.Ordinal);
        Assert.Contains("event=true \"3\"", log, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("{\"flag\":\"true\"}", "Required input 'who' not provided")]
    [InlineData("{\"who\":\"a\",\"pick\":\"green\"}", "Provided value 'green' for input 'pick' not in the list of allowed values")]
    [InlineData("{\"who\":\"a\",\"flag\":\"yes\"}", "Provided value 'yes' for input 'flag' is not a valid boolean")]
    [InlineData("{\"who\":\"a\",\"count\":\"many\"}", "Provided value 'many' for input 'count' is not a valid number")]
    [InlineData("{\"who\":\"a\",\"extra\":\"1\",\"more\":\"2\"}", "Unexpected inputs provided: [\"extra\",\"more\"]")]
    public async Task An_invalid_dispatch_is_answered_422_with_GitHubs_message_and_starts_no_run(string inputs, string message)
    {
        await using var repo = await ActionsTestRepository.WithWorkflowAsync(Workflow);

        var (status, answer) = await repo.DispatchAsync("test.yml", System.Text.Json.JsonSerializer.Deserialize<Dictionary<string, string>>(inputs));

        Assert.Equal(422, status);
        Assert.StartsWith(message, answer, StringComparison.Ordinal);
        Assert.Empty(repo.Runner.Runs);
        Assert.Empty(repo.Server.State.Runs);
    }

    [Fact]
    public async Task A_dispatch_over_the_65535_character_payload_limit_is_refused()
    {
        await using var repo = await ActionsTestRepository.WithWorkflowAsync(Workflow);

        var (status, answer) = await repo.DispatchAsync("test.yml", new Dictionary<string, string> { ["who"] = new string('x', 65_600) });
        var (fits, _) = await repo.DispatchAsync("test.yml", new Dictionary<string, string> { ["who"] = new string('x', 65_000) });

        Assert.Equal(422, status);
        Assert.Contains("65535", answer, StringComparison.Ordinal);
        Assert.Equal(204, fits);
    }

    [Fact]
    public async Task More_than_25_inputs_are_refused()
    {
        var declared = string.Join("\n", Enumerable.Range(1, 26).Select(i => $"      i{i}: {{ type: string }}"));
        await using var repo = await ActionsTestRepository.WithWorkflowAsync($"on:\n  workflow_dispatch:\n    inputs:\n{declared}\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - run: true\n");

        var (status, answer) = await repo.DispatchAsync("test.yml", Enumerable.Range(1, 26).ToDictionary(i => $"i{i}", i => "v"));

        Assert.Equal(422, status);
        Assert.Contains("25", answer, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_workflow_without_workflow_dispatch_is_refused_and_a_schedule_has_an_empty_inputs_context()
    {
        await using var repo = await ActionsTestRepository.CreateAsync(new Dictionary<string, string>
        {
            [".github/workflows/test.yml"] = Workflow,
            [".github/workflows/nightly.yml"] = "on:\n  schedule:\n    - cron: '0 1 * * *'\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo \"cron=${{ github.event.schedule }} event=$GITHUB_EVENT_NAME\"\n",
        });

        var (status, answer) = await repo.DispatchAsync("nightly.yml");
        var scheduled = await repo.Runner.StartScheduledAsync("test.yml");
        await scheduled.Completion.WaitAsync(TimeSpan.FromSeconds(60));
        var nightly = await repo.Runner.StartScheduledAsync("nightly.yml");
        await nightly.Completion.WaitAsync(TimeSpan.FromSeconds(60));

        Assert.Equal((422, "Workflow does not have 'workflow_dispatch' trigger"), (status, answer));
        Assert.Equal(("schedule", "success"), (scheduled.Event, scheduled.Conclusion));
        Assert.Contains("empty={}", scheduled.Job("show").Log, StringComparison.Ordinal);
        Assert.Equal("inputs    ", scheduled.DisplayTitle);
        Assert.Contains("cron=0 1 * * * event=schedule", nightly.Job("a").Log, StringComparison.Ordinal);
    }
}
