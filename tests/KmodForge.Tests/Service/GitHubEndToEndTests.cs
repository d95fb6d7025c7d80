using System.Net;
using KmodForge.GitHub;
using KmodForge.Naming;
using KmodForge.Targets;
using KmodForge.Tests.GitHub;
using KmodForge.TestSupport.GitHub;
using KmodForge.Tests.Service.Support;
using KmodForge.Tests.Support;

namespace KmodForge.Tests.Service;

/// <summary>
/// The service with the library's real GitHub clients (<see cref="GitHubWorkflowDispatcher"/>,
/// <see cref="GitHubWorkflowRuns"/>, <see cref="GitHubReleaseStore"/>) against <see cref="LocalGitHubServer"/>, which
/// creates a run per dispatch with the workflow's run-name filled in, as GitHub does.
/// </summary>
public sealed class GitHubEndToEndTests : IAsyncLifetime
{
    private readonly TempDirectory dir = new("kmodforge-service");
    private GitHubTestContext github = null!;
    private GitHubApi api = null!;

    private static BuildTarget Target => BuildTarget.Create("debian", "12", "6.1.0-28-amd64", "x86_64", "v0.1.0");

    public async Task InitializeAsync()
    {
        github = await GitHubTestContext.StartAsync();
        github.Server.State.AddWorkflow("driver-build.yml", "Driver build",
            "driver-build ${{ inputs.build_id }} ${{ inputs.distribution }} ${{ inputs.kernel_version }}",
            "kernel_version", "architecture", "distribution", "distro_version", "driver_version", "build_id");
        api = github.Connect();
    }

    public async Task DisposeAsync()
    {
        await github.DisposeAsync();
        dir.Dispose();
    }

    [Fact]
    public async Task A_build_goes_queued_in_progress_done_with_the_package_from_github_releases()
    {
        await using var service = await StartAsync();
        var id = await service.SubmitAsync(TestService.Request());
        var run = RunOf(id);
        Assert.Equal($"driver-build {id} debian 6.1.0-28-amd64", run.DisplayTitle);
        Assert.Equal("12", run.Inputs["distro_version"]);

        var queued = await service.WaitForStatusAsync(id, "queued");
        SetRun(run, "in_progress");
        var building = await service.WaitForStatusAsync(id, "in_progress");
        Assert.EndsWith($"/actions/runs/{run.Id}", building.GetProperty("run_url").GetString(), StringComparison.Ordinal);

        var package = await new GitHubReleaseStore(api).PublishAsync(PackageNaming.ReleaseTag(Target),
            github.WritePackage(PackageNaming.FileName("kmodforge-sample", Target)), CancellationToken.None);
        SetRun(run, "completed", "success");
        var done = await service.WaitForStatusAsync(id, "done");

        Assert.Equal("queued", queued.GetProperty("status").GetString());
        Assert.Equal(package.Location, done.GetProperty("location").GetString());
        Assert.Equal(package.Sha256, done.GetProperty("sha256").GetString());
        Assert.Equal(1, github.Server.CallCount(GitHubEndpoints.WorkflowDispatch));
        using var again = await service.PostBuildAsync(TestService.Request());
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Equal(1, github.Server.CallCount(GitHubEndpoints.WorkflowDispatch));
    }

    [Fact]
    public async Task Thousand_concurrent_requests_start_one_workflow_run()
    {
        await using var service = await StartAsync();

        var ids = await Task.WhenAll(Enumerable.Range(0, 1000).Select(_ => service.SubmitAsync(TestService.Request())));

        var id = Assert.Single(ids.Distinct());
        Assert.Equal(1, github.Server.CallCount(GitHubEndpoints.WorkflowDispatch));
        Assert.Equal(id, Assert.Single(github.Server.State.Runs).Inputs["build_id"]);
    }

    [Fact]
    public async Task A_failed_run_is_an_error_and_transient_faults_while_polling_are_retried()
    {
        github.Server.InjectFault(GitHubEndpoints.WorkflowRuns, 1, GitHubFault.ServerError(502));
        github.Server.InjectFault(GitHubEndpoints.WorkflowRuns, 2, GitHubFault.ServerError(503));
        await using var service = await StartAsync();
        var id = await service.SubmitAsync(TestService.Request());
        var run = RunOf(id);

        SetRun(run, "completed", "failure");
        var error = await service.WaitForStatusAsync(id, "error");

        Assert.Contains("concluded 'failure'", error.GetProperty("reason").GetString());
        Assert.True(github.Server.CallCount(GitHubEndpoints.WorkflowRuns) >= 3);
    }

    [Fact]
    public async Task A_run_stuck_in_progress_is_timed_out()
    {
        // 3 s: the run must be listed before the timeout even when the machine is busy (else: "never listed a run").
        await using var service = await StartAsync(TimeSpan.FromSeconds(3));
        var id = await service.SubmitAsync(TestService.Request());
        SetRun(RunOf(id), "in_progress");

        var timedOut = await service.WaitForStatusAsync(id, "timed_out");

        Assert.Contains("still in_progress", timedOut.GetProperty("reason").GetString());
    }

    [Fact]
    public async Task A_restarted_service_continues_the_run_without_dispatching_again()
    {
        string id;
        await using (var first = await StartAsync())
        {
            id = await first.SubmitAsync(TestService.Request());
        }

        await using var second = await StartAsync();
        Assert.Equal(id, await second.SubmitAsync(TestService.Request()));
        SetRun(RunOf(id), "in_progress");
        await second.WaitForStatusAsync(id, "in_progress");

        Assert.Equal(1, github.Server.CallCount(GitHubEndpoints.WorkflowDispatch));
    }

    [Fact]
    public async Task A_run_whose_job_left_the_not_applicable_annotation_makes_the_build_not_applicable_and_it_is_remembered()
    {
        await using var service = await StartAsync();
        var id = await service.SubmitAsync(TestService.Request());
        var run = RunOf(id);
        lock (github.Server.State.Gate)
        {
            var job = new FakeJob(run.Id * 10, "build", DateTimeOffset.UtcNow) { Status = "completed", Conclusion = "success" };
            job.Annotations.Add(new FakeAnnotation("warning", null, "an unrelated warning"));
            job.Annotations.Add(new FakeAnnotation("notice", WorkflowContract.NotApplicableAnnotation, "BUILD_EXCLUSIVE_KERNEL '^5\\.' does not match 6.1.0-28-amd64"));
            run.Jobs.Add(job);
        }

        SetRun(run, "completed", "success");
        var status = await service.WaitForStatusAsync(id, "not_applicable");
        using var again = await service.PostBuildAsync(TestService.Request());

        Assert.Equal("BUILD_EXCLUSIVE_KERNEL '^5\\.' does not match 6.1.0-28-amd64", status.GetProperty("reason").GetString());
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Equal("not_applicable", (await TestService.ReadJsonAsync(again)).GetProperty("status").GetString());
        Assert.Equal(1, github.Server.CallCount(GitHubEndpoints.WorkflowDispatch));
        Assert.Equal(1, github.Server.CallCount(GitHubEndpoints.CheckRunAnnotations));
    }

    private Task<TestService> StartAsync(TimeSpan? timeout = null) =>
        TestService.StartAsync(TestService.Settings(dir.Path, buildTimeout: timeout), new GitHubReleaseStore(api),
            new GitHubWorkflowDispatcher(api), new GitHubWorkflowRuns(api));

    private FakeRun RunOf(string buildId)
    {
        lock (github.Server.State.Gate)
        {
            return Assert.Single(github.Server.State.Runs, r => r.Inputs["build_id"] == buildId);
        }
    }

    private void SetRun(FakeRun run, string status, string? conclusion = null)
    {
        lock (github.Server.State.Gate)
        {
            run.Status = status;
            run.Conclusion = conclusion;
        }
    }
}
