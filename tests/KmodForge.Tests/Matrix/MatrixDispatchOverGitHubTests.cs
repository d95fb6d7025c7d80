using KmodForge.Diagnostics;
using KmodForge.GitHub;
using KmodForge.Kernels;
using KmodForge.Matrix;
using KmodForge.Storage;
using KmodForge.Targets;
using KmodForge.Tests.GitHub;
using KmodForge.TestSupport.GitHub;
using KmodForge.Tests.Support;

namespace KmodForge.Tests.Matrix;

/// <summary>
/// The matrix dispatch path for real: the generator dispatches one matrix-build.yml run per chunk through Octokit
/// against the local GitHub API server, which answers a 502 and a rate limit in the middle of dispatching.
/// </summary>
public sealed class MatrixDispatchOverGitHubTests : IDisposable
{
    private readonly TempDirectory temp = new();

    [Fact]
    public async Task Every_chunk_is_dispatched_once_despite_a_5xx_and_a_rate_limit_mid_way()
    {
        await using var github = await GitHubTestContext.StartAsync();
        github.Server.State.AddWorkflow("matrix-build.yml", "Matrix build", "matrix-build ${{ inputs.matrix_id }} ${{ inputs.chunk_index }}", [.. DispatchInputs.Names]);
        github.Server.InjectFault(GitHubEndpoints.WorkflowDispatch, 2, GitHubFault.ServerError(502));
        github.Server.InjectFault(GitHubEndpoints.WorkflowDispatch, 4, GitHubFault.RateLimited(TimeSpan.FromSeconds(1)));
        var list = new KernelList();
        for (var i = 1; i <= 5; i++)
        {
            list.Add(Architecture.X86_64, new KernelEntry("debian", $"6.1.0-{i}-amd64", "12", []));
        }

        KernelListJson.Write(list, temp.Combine("kernels.json"));
        var settings = new MatrixSettings
        {
            DriverName = "kmodforge-sample",
            DriverVersion = "v1.0.0",
            KernelsFile = temp.Combine("kernels.json"),
            ChunkSize = 2,
            OutputDirectory = temp.Combine("out"),
            GitHubOutput = temp.Combine("github_output"),
        };
        var store = new LocalDirectoryBlobStore(temp.Combine("store"));
        using var api = github.Connect();

        using var generator = new MatrixGenerator(settings, store, new GitHubWorkflowDispatcher(api), NullBuildLog.Instance);
        var (plan, chunks) = await generator.RunAsync(CancellationToken.None);

        Assert.Equal(3, chunks.Count);
        Assert.Equal(5, github.Server.CallCount(GitHubEndpoints.WorkflowDispatch));
        lock (github.Server.State.Gate)
        {
            Assert.Equal(3, github.Server.State.Runs.Count);
            Assert.Equal(["1", "2", "3"], github.Server.State.Runs.Select(r => r.Inputs["chunk_index"]).Order(StringComparer.Ordinal));
        }

        Assert.True(await store.ExistsAsync(plan.PreviousKey, CancellationToken.None));
        Assert.Contains("matrix_id", File.ReadAllText(temp.Combine("github_output")), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_run_warns_before_dispatching_when_its_projected_requests_exceed_the_tokens_budget()
    {
        await using var github = await GitHubTestContext.StartAsync();
        github.Server.State.AddWorkflow("matrix-build.yml", "Matrix build", "matrix-build ${{ inputs.matrix_id }} ${{ inputs.chunk_index }}", [.. DispatchInputs.Names]);
        github.Server.RateLimit.Limit = 20;
        var list = new KernelList();
        for (var i = 1; i <= 5; i++)
        {
            list.Add(Architecture.X86_64, new KernelEntry("debian", $"6.1.0-{i}-amd64", "12", []));
        }

        KernelListJson.Write(list, temp.Combine("kernels.json"));
        var settings = new MatrixSettings { DriverVersion = "v1.0.0", KernelsFile = temp.Combine("kernels.json"), ChunkSize = 2, OutputDirectory = temp.Combine("out") };
        using var api = github.Connect();

        using var generator = new MatrixGenerator(settings, new LocalDirectoryBlobStore(temp.Combine("store")), new GitHubWorkflowDispatcher(api), github.Log);
        await generator.RunAsync(CancellationToken.None);

        // 3 dispatches + 5 builds × 4 + 1 new release = 24 projected, 20 in the budget (reading it is free).
        var warning = Assert.Single(github.Log.Warnings);
        Assert.Contains("This matrix run (5 builds) is projected to make 24 GitHub REST requests, but the token has 20 of 20 left", warning, StringComparison.Ordinal);
        Assert.Equal(3, github.Server.RateLimit.Total);
    }

    public void Dispose() => temp.Dispose();
}
