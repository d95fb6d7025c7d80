using System.IO.Compression;
using System.Text;
using KmodForge.Coverage;
using KmodForge.GitHub;
using KmodForge.Tests.Support;
using KmodForge.TestSupport.GitHub;

namespace KmodForge.Tests.GitHub;

/// <summary>The coverage report's fetch of the newest nightly's matrix results from the artifacts of its matrix-build runs.</summary>
public sealed class GitHubMatrixResultsTests
{
    [Fact]
    public async Task The_newest_matrix_runs_results_are_fetched_and_read_as_one()
    {
        await using var ctx = await GitHubTestContext.StartAsync();
        var state = ctx.Server.State;
        var workflow = state.AddWorkflow(WorkflowContract.MatrixBuild, "Matrix build", "matrix-build ${{ inputs.matrix_id }} chunk ${{ inputs.chunk_index }} driver ${{ inputs.driver_version }}");
        Run(state, workflow, "matrix-build m-1 chunk 0 driver v0.1.0", "old failure", DateTimeOffset.UtcNow.AddDays(-1));
        Run(state, workflow, "matrix-build m-2 chunk 0 driver v0.1.0", "modpost: undefined symbol foo", DateTimeOffset.UtcNow.AddMinutes(-2));
        Run(state, workflow, "matrix-build m-2 chunk 1 driver v0.1.0", null, DateTimeOffset.UtcNow.AddMinutes(-1)); // its prepare job failed: no artifact
        Run(state, workflow, "matrix-build m-2 chunk 2 driver v0.1.0", "BUILD_EXCLUSIVE_KERNEL", DateTimeOffset.UtcNow);
        using var temp = new TempDirectory();
        var before = ctx.Server.RateLimit.Total;

        var (matrixId, files) = await new GitHubMatrixResults(ctx.Connect()).FetchAsync(temp.Path, CancellationToken.None);

        Assert.Equal(("m-2", 2), (matrixId, files));
        var results = MatrixResults.ReadFileOrDirectory(temp.Path);
        Assert.Equal(["BUILD_EXCLUSIVE_KERNEL", "modpost: undefined symbol foo"], results.Results.Select(r => r.Reason!).Order(StringComparer.Ordinal));
        Assert.Equal(1 + (3 * 2) - 1, ctx.Server.RateLimit.Total - before); // the runs, then per run its artifact list and (when there is one) its download
        Assert.Contains(ctx.Log.Warnings, w => w.Contains("has no matrix-results artifact", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("matrix-build 20261201-0300 chunk 3 driver v0.1.0", "20261201-0300")]
    [InlineData("matrix-build ../x chunk 3 driver v0.1.0", null)]
    [InlineData("Matrix build", null)]
    public void The_matrix_id_is_read_from_the_run_title(string title, string? expected) =>
        Assert.Equal(expected, GitHubMatrixResults.MatrixIdOf(title));

    private static void Run(GitHubState state, FakeWorkflow workflow, string title, string? failure, DateTimeOffset at)
    {
        lock (state.Gate)
        {
            var run = new FakeRun(state.NextId(), workflow, title, "main", new string('0', 40), state.Runs.Count + 1, at, new Dictionary<string, string>()) { Status = "completed", Conclusion = "failure" };
            state.Runs.Add(run);
            if (failure is null)
            {
                return;
            }

            var json = $$"""{"format": 1, "matrix_id": "{{title.Split(' ')[1]}}", "results": [{"distribution": "debian", "distro_version": "12", "architecture": "x86_64", "kernel_release": "6.1.0-{{run.Id}}-amd64", "driver_version": "v0.1.0", "outcome": "failed", "reason": "{{failure}}"}]}""";
            using var zip = new MemoryStream();
            using (var archive = new ZipArchive(zip, ZipArchiveMode.Create, leaveOpen: true))
            {
                using var entry = archive.CreateEntry("matrix-results.json").Open();
                entry.Write(Encoding.UTF8.GetBytes(json));
            }

            state.Artifacts.Add(new FakeArtifact(state.NextId(), run.Id, GitHubMatrixResults.ArtifactName, zip.ToArray(), at));
        }
    }
}
