using KmodForge.GitHub;
using KmodForge.Naming;
using KmodForge.Service.Backends.GitHub;
using KmodForge.Service.Builds;
using KmodForge.Targets;

namespace KmodForge.Tests.Service;

/// <summary>The GitHub backend's decisions, from a build record and its run (pure).</summary>
public sealed class RunTransitionsTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 23, 10, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(15);
    private static readonly TimeSpan Grace = TimeSpan.FromMinutes(2);

    private static BuildRecord Build(BuildState state) =>
        BuildRecord.Create(new CacheKey("kmodforge-sample", BuildTarget.Create("debian", "12", "6.1.0-28-amd64", "x86_64", "v0.1.0")), "github", T0)
            with { State = state, DispatchedAt = state == BuildState.Dispatching ? null : T0 };

    private static WorkflowRunInfo Run(string status, string? conclusion = null) => new(7, "driver-build x", status, conclusion, "https://gh/run/7", T0);

    [Fact]
    public void A_queued_build_becomes_in_progress_with_its_run()
    {
        var d = RunTransitions.Decide(Build(BuildState.Queued), Run("in_progress"), T0.AddMinutes(1), Timeout, Grace);

        Assert.Equal(RunAction.Update, d.Action);
        Assert.Equal(BuildState.InProgress, d.Update!.State);
        Assert.Equal(7, d.Update.RunId);
    }

    [Fact]
    public void Nothing_changes_while_the_run_stays_where_the_build_is()
    {
        var build = Build(BuildState.InProgress) with { RunId = 7 };

        Assert.Equal(RunAction.Wait, RunTransitions.Decide(build, Run("in_progress"), T0.AddMinutes(1), Timeout, Grace).Action);
    }

    [Fact]
    public void A_successful_run_means_checking_the_release_store_even_after_the_timeout()
    {
        var d = RunTransitions.Decide(Build(BuildState.InProgress), Run("completed", "success"), T0.AddHours(1), Timeout, Grace);

        Assert.Equal(RunAction.CheckPackage, d.Action);
    }

    [Theory]
    [InlineData("failure")]
    [InlineData("cancelled")]
    [InlineData("timed_out")]
    [InlineData(null)]
    public void Any_other_conclusion_is_an_error_naming_it(string? conclusion)
    {
        var d = RunTransitions.Decide(Build(BuildState.InProgress), Run("completed", conclusion), T0.AddMinutes(3), Timeout, Grace);

        Assert.Equal(BuildState.Error, d.Update!.State);
        Assert.Contains($"'{conclusion ?? "(none)"}'", d.Update.Reason);
    }

    [Fact]
    public void A_build_is_timed_out_at_the_timeout_counted_from_the_dispatch()
    {
        Assert.NotEqual(BuildState.TimedOut, RunTransitions.Decide(Build(BuildState.Queued), Run("queued"), T0 + Timeout - TimeSpan.FromSeconds(1), Timeout, Grace).Update?.State);
        var d = RunTransitions.Decide(Build(BuildState.Queued), null, T0 + Timeout, Timeout, Grace);

        Assert.Equal(BuildState.TimedOut, d.Update!.State);
    }

    [Fact]
    public void A_build_left_dispatching_is_adopted_when_its_run_exists()
    {
        var d = RunTransitions.Decide(Build(BuildState.Dispatching), Run("queued"), T0.AddSeconds(5), Timeout, Grace);

        Assert.True(d.Adopt);
        Assert.Equal(BuildState.Queued, d.Update!.State);
    }

    [Fact]
    public void A_build_left_dispatching_without_a_run_waits_out_the_grace_then_is_dispatched_again()
    {
        Assert.Equal(RunAction.Wait, RunTransitions.Decide(Build(BuildState.Dispatching), null, T0 + Grace - TimeSpan.FromSeconds(1), Timeout, Grace).Action);
        Assert.Equal(RunAction.Redispatch, RunTransitions.Decide(Build(BuildState.Dispatching), null, T0 + Grace, Timeout, Grace).Action);
    }

    [Fact]
    public void Workflow_inputs_are_the_seed_fields_and_the_build_id()
    {
        var id = BuildId.New();
        var inputs = WorkflowInputs.For(id, BuildTarget.Create("amazonlinux", null, "6.12.58-82.121.amzn2023.x86_64", "amd64", "v0.5.16"));

        Assert.Equal(
            new Dictionary<string, string>
            {
                ["kernel_version"] = "6.12.58-82.121.amzn2023.x86_64", ["architecture"] = "x86_64", ["distribution"] = "amazonlinux",
                ["distro_version"] = "2023", ["driver_version"] = "v0.5.16", ["build_id"] = id,
            },
            inputs);
        Assert.Throws<ArgumentException>(() => WorkflowInputs.For("x; rm -rf /", BuildTarget.Create("debian", "12", "6.1.0-28-amd64", "x86_64", "v0.1.0")));
    }
}
