using KmodForge.GitHub;
using KmodForge.TestSupport.GitHub;

namespace KmodForge.Tests.GitHub;

public sealed class GitHubWorkflowTests
{
    private static readonly string[] DriverBuildInputs = ["kernel_version", "architecture", "distribution", "distro_version", "driver_version", "build_id"];

    private static Dictionary<string, string> Inputs(string buildId) => new()
    {
        ["kernel_version"] = "6.1.0-28-amd64",
        ["architecture"] = "x86_64",
        ["distribution"] = "debian",
        ["distro_version"] = "12",
        ["driver_version"] = "v0.1.0",
        ["build_id"] = buildId,
    };

    private static void AddDriverBuild(LocalGitHubServer server) =>
        server.State.AddWorkflow("driver-build.yml", "Driver build", "driver-build ${{ inputs.build_id }} ${{ inputs.distribution }} ${{ inputs.kernel_version }}", DriverBuildInputs);

    [Fact]
    public async Task A_dispatched_run_is_found_by_the_build_id_in_its_run_name()
    {
        await using var ctx = await GitHubTestContext.StartAsync();
        AddDriverBuild(ctx.Server);
        var api = ctx.Connect();

        await new GitHubWorkflowDispatcher(api).DispatchAsync("driver-build.yml", "main", Inputs("b-1"), CancellationToken.None);
        await new GitHubWorkflowDispatcher(api).DispatchAsync("driver-build.yml", "main", Inputs("b-12"), CancellationToken.None);
        var runs = new GitHubWorkflowRuns(api);
        var run = await runs.FindByBuildIdAsync("driver-build.yml", "b-1", CancellationToken.None);

        Assert.NotNull(run);
        Assert.Equal("driver-build b-1 debian 6.1.0-28-amd64", run.Name);
        Assert.Equal("queued", run.Status);
        Assert.Null(run.Conclusion);
        Assert.Equal(ctx.Server.State.Runs[0].Id, run.Id);
        Assert.EndsWith($"/actions/runs/{run.Id}", run.HtmlUrl, StringComparison.Ordinal);
        Assert.Null(await runs.FindByBuildIdAsync("driver-build.yml", "b-2", CancellationToken.None));
        Assert.Equal("b-1", ctx.Server.State.Runs[0].Inputs["build_id"]);
    }

    [Fact]
    public async Task A_dispatch_answered_with_a_transient_5xx_is_retried_and_starts_one_run()
    {
        await using var ctx = await GitHubTestContext.StartAsync();
        AddDriverBuild(ctx.Server);
        ctx.Server.InjectFault(GitHubEndpoints.WorkflowDispatch, 1, GitHubFault.ServerError(503));

        await new GitHubWorkflowDispatcher(ctx.Connect()).DispatchAsync("driver-build.yml", "main", Inputs("b-7"), CancellationToken.None);

        Assert.Equal(2, ctx.Server.CallCount(GitHubEndpoints.WorkflowDispatch));
        Assert.Single(ctx.Server.State.Runs);
        Assert.Contains(ctx.Log.Lines, l => l.StartsWith("warning:", StringComparison.Ordinal) && l.Contains("HTTP 503", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_dispatch_hitting_the_rate_limit_waits_for_the_reset_then_succeeds()
    {
        await using var ctx = await GitHubTestContext.StartAsync();
        AddDriverBuild(ctx.Server);
        ctx.Server.InjectFault(GitHubEndpoints.WorkflowDispatch, 1, GitHubFault.RateLimited(TimeSpan.FromSeconds(1)));

        await new GitHubWorkflowDispatcher(ctx.Connect()).DispatchAsync("driver-build.yml", "main", Inputs("b-8"), CancellationToken.None);

        Assert.Equal(2, ctx.Server.CallCount(GitHubEndpoints.WorkflowDispatch));
        Assert.Single(ctx.Server.State.Runs);
    }

    [Fact]
    public async Task A_dispatch_with_a_token_lacking_actions_write_names_the_permission()
    {
        await using var ctx = await GitHubTestContext.StartAsync();
        AddDriverBuild(ctx.Server);
        ctx.Server.DeniedPermissions["actions=write"] = true;

        var e = await Assert.ThrowsAsync<GitHubOperationException>(() =>
            new GitHubWorkflowDispatcher(ctx.Connect()).DispatchAsync("driver-build.yml", "main", Inputs("b-9"), CancellationToken.None));

        Assert.Contains("'actions: write'", e.Message, StringComparison.Ordinal);
        Assert.Empty(ctx.Server.State.Runs);
    }

    [Fact]
    public async Task A_dispatch_with_a_rejected_token_says_401_and_the_permission()
    {
        await using var ctx = await GitHubTestContext.StartAsync();
        AddDriverBuild(ctx.Server);

        var e = await Assert.ThrowsAsync<GitHubOperationException>(() =>
            new GitHubWorkflowDispatcher(ctx.Connect(ctx.Settings(token: "expired"))).DispatchAsync("driver-build.yml", "main", Inputs("b-9"), CancellationToken.None));

        Assert.Contains("401 Bad credentials", e.Message, StringComparison.Ordinal);
        Assert.Contains("actions: write", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Dispatching_an_unknown_workflow_or_undeclared_input_is_a_clear_error()
    {
        await using var ctx = await GitHubTestContext.StartAsync();
        AddDriverBuild(ctx.Server);
        var dispatcher = new GitHubWorkflowDispatcher(ctx.Connect());

        var missing = await Assert.ThrowsAsync<GitHubOperationException>(() => dispatcher.DispatchAsync("nope.yml", "main", Inputs("b"), CancellationToken.None));
        var extra = new Dictionary<string, string>(Inputs("b")) { ["chunk"] = "[]" };
        var unexpected = await Assert.ThrowsAsync<GitHubOperationException>(() => dispatcher.DispatchAsync("driver-build.yml", "main", extra, CancellationToken.None));
        var badName = await Assert.ThrowsAsync<ArgumentException>(() => dispatcher.DispatchAsync("../x.yml", "main", Inputs("b"), CancellationToken.None));

        Assert.Contains("no workflow nope.yml", missing.Message, StringComparison.Ordinal);
        Assert.Contains("Unexpected inputs provided", unexpected.Message, StringComparison.Ordinal);
        Assert.Contains("'../x.yml'", badName.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("driver-build b-1 debian", "b-1", true)]
    [InlineData("driver-build b-12 debian", "b-1", false)]
    [InlineData("driver-build xb-1", "b-1", false)]
    [InlineData("driver-build 0f3c9a2e", "0f3c9a2e", true)]
    public void A_build_id_matches_only_as_a_whole_word(string title, string buildId, bool expected) =>
        Assert.Equal(expected, GitHubWorkflowRuns.Matches(title, buildId));
}
