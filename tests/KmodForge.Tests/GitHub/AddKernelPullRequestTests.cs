using System.Text;
using KmodForge.GitHub;
using KmodForge.Kernels;
using KmodForge.Targets;
using KmodForge.TestSupport.GitHub;

namespace KmodForge.Tests.GitHub;

public sealed class AddKernelPullRequestTests
{
    private const string Existing = """
        {
          "x86_64": [
            { "target": "debian", "kernelrelease": "6.1.0-55-amd64", "distroversion": "12" },
            { "target": "ubuntu", "kernelrelease": "6.8.0-48-generic", "distroversion": "24.04" }
          ],
          "aarch64": []
        }
        """;

    private static readonly BuildTarget Ubuntu = BuildTarget.Create("ubuntu", "22.04", "6.8.0-1021-gcp", "x86_64", "v0.1.2");

    [Fact]
    public void The_branch_names_distribution_version_arch_and_the_kernel_with_dashes()
    {
        Assert.Equal("add-kernel/ubuntu/22.04/x86_64/6-8-0-1021-gcp", AddKernelPullRequest.BranchName(Ubuntu));
        var trixie = BuildTarget.Create("debian", "13", "6.12.107+deb13-amd64", "x86_64", "v0.1.2");
        Assert.Equal("add-kernel/debian/13/x86_64/6-12-107+deb13-amd64", AddKernelPullRequest.BranchName(trixie));
        Assert.False(GitHubSettings.InvalidBranch(AddKernelPullRequest.BranchName(trixie)));
    }

    [Fact]
    public async Task Opens_a_pull_request_with_kernels_json_merged_sorted_and_the_build_run_linked()
    {
        await using var ctx = await GitHubTestContext.StartAsync();
        ctx.Server.State.Commit("main", new Dictionary<string, string> { ["kernels.json"] = Existing });

        var result = await new AddKernelPullRequest(ctx.Connect()).OpenAsync(
            new AddKernelRequest(Ubuntu, "kmodforge-sample-ubuntu-22.04-6.8.0-1021-gcp_v0.1.2_amd64.deb", "v0.1.2"), CancellationToken.None);

        Assert.Equal(AddKernelOutcome.Opened, result.Outcome);
        var pull = Assert.Single(ctx.Server.State.Pulls);
        Assert.Equal("add-kernel/ubuntu/22.04/x86_64/6-8-0-1021-gcp", pull.Head);
        Assert.Equal("main", pull.Base);
        Assert.Equal(pull.Number, result.PullRequestNumber);
        Assert.Contains("https://github.example/kmodforge/drivers/actions/runs/4242", pull.Body, StringComparison.Ordinal);
        Assert.Contains("`6.8.0-1021-gcp`", pull.Body, StringComparison.Ordinal);
        Assert.Contains("v0.1.2", pull.Body, StringComparison.Ordinal);

        var expected = KernelListJson.Parse(Encoding.UTF8.GetBytes(Existing), "expected");
        Assert.True(expected.Add(Architecture.X86_64, new KernelEntry("ubuntu", "6.8.0-1021-gcp", "22.04", [])));
        Assert.Equal(Encoding.UTF8.GetString(KernelListJson.ToBytes(expected)), ctx.Server.State.ReadFile(pull.Head, "kernels.json"));
        Assert.Equal(Existing, ctx.Server.State.ReadFile("main", "kernels.json"));
        var kernels = KernelListJson.Parse(Encoding.UTF8.GetBytes(ctx.Server.State.ReadFile(pull.Head, "kernels.json")!), "branch");
        Assert.Equal(["6.1.0-55-amd64", "6.8.0-1021-gcp", "6.8.0-48-generic"], kernels[Architecture.X86_64].Select(k => k.KernelRelease));
    }

    [Fact]
    public async Task A_kernels_json_over_one_megabyte_is_read_from_the_blob_api_and_merged()
    {
        await using var ctx = await GitHubTestContext.StartAsync();
        var big = new KernelList();
        for (var i = 0; i < 10000; i++)
        {
            big.Add(Architecture.X86_64, new KernelEntry("ubuntu", $"6.8.0-{i}-generic", "24.04", []));
        }

        var bytes = KernelListJson.ToBytes(big);
        Assert.True(bytes.Length > 1024 * 1024, $"{bytes.Length} bytes");
        ctx.Server.State.Commit("main", new Dictionary<string, string> { ["kernels.json"] = Encoding.UTF8.GetString(bytes) });

        var result = await new AddKernelPullRequest(ctx.Connect()).OpenAsync(new AddKernelRequest(Ubuntu), CancellationToken.None);

        Assert.Equal(AddKernelOutcome.Opened, result.Outcome);
        Assert.Equal(1, ctx.Server.CallCount(GitHubEndpoints.BlobGet));
        var merged = KernelListJson.Parse(Encoding.UTF8.GetBytes(ctx.Server.State.ReadFile(result.Branch, "kernels.json")!), "branch");
        Assert.Equal(10001, merged.Count);
    }

    [Fact]
    public async Task Skips_when_the_branch_already_exists()
    {
        await using var ctx = await GitHubTestContext.StartAsync();
        ctx.Server.State.Commit("main", new Dictionary<string, string> { ["kernels.json"] = Existing });
        ctx.Server.State.Commit(AddKernelPullRequest.BranchName(Ubuntu), new Dictionary<string, string>());

        var result = await new AddKernelPullRequest(ctx.Connect()).OpenAsync(new AddKernelRequest(Ubuntu), CancellationToken.None);

        Assert.Equal(AddKernelOutcome.BranchExists, result.Outcome);
        Assert.Contains("already exists", result.Message, StringComparison.Ordinal);
        Assert.Empty(ctx.Server.State.Pulls);
        Assert.Equal(0, ctx.Server.CallCount(GitHubEndpoints.ContentsPut));
        Assert.Contains(ctx.Log.Lines, l => l.Contains("skipping", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Skips_when_another_build_creates_the_branch_between_check_and_create()
    {
        await using var ctx = await GitHubTestContext.StartAsync();
        ctx.Server.State.Commit("main", new Dictionary<string, string> { ["kernels.json"] = Existing });
        ctx.Server.BeforeCall(GitHubEndpoints.RefCreate, 1, s => s.Commit(AddKernelPullRequest.BranchName(Ubuntu), new Dictionary<string, string>()));

        var result = await new AddKernelPullRequest(ctx.Connect()).OpenAsync(new AddKernelRequest(Ubuntu), CancellationToken.None);

        Assert.Equal(AddKernelOutcome.BranchExists, result.Outcome);
        Assert.Empty(ctx.Server.State.Pulls);
    }

    [Fact]
    public async Task Does_nothing_when_kernels_json_already_lists_the_kernel()
    {
        await using var ctx = await GitHubTestContext.StartAsync();
        ctx.Server.State.Commit("main", new Dictionary<string, string> { ["kernels.json"] = Existing });
        var listed = BuildTarget.Create("debian", "12", "6.1.0-55-amd64", "x86_64", "v0.1.2");

        var result = await new AddKernelPullRequest(ctx.Connect()).OpenAsync(new AddKernelRequest(listed), CancellationToken.None);

        Assert.Equal(AddKernelOutcome.AlreadyListed, result.Outcome);
        Assert.Equal(0, ctx.Server.CallCount(GitHubEndpoints.RefCreate));
        Assert.Empty(ctx.Server.State.Pulls);
    }

    [Fact]
    public async Task Opening_the_pull_request_without_pull_requests_write_names_that_permission()
    {
        await using var ctx = await GitHubTestContext.StartAsync();
        ctx.Server.State.Commit("main", new Dictionary<string, string> { ["kernels.json"] = Existing });
        ctx.Server.DeniedPermissions["pull_requests=write"] = true;

        var e = await Assert.ThrowsAsync<GitHubOperationException>(() => new AddKernelPullRequest(ctx.Connect()).OpenAsync(new AddKernelRequest(Ubuntu), CancellationToken.None));

        Assert.Contains("'pull-requests: write'", e.Message, StringComparison.Ordinal);
    }
}
