using KmodForge.GitHub;
using KmodForge.Naming;
using KmodForge.Targets;
using KmodForge.TestSupport.GitHub;

namespace KmodForge.Tests.GitHub;

/// <summary>The REST requests one build job spends (counted by the local server as GitHub counts them), and the warnings when a budget is short.</summary>
public sealed class GitHubApiBudgetTests
{
    private static readonly BuildTarget First = BuildTarget.Create("debian", "12", "6.1.0-28-amd64", "x86_64", "v0.1.0");
    private static readonly BuildTarget Second = BuildTarget.Create("debian", "12", "6.1.0-29-amd64", "x86_64", "v0.1.0");

    [Fact]
    public async Task A_build_job_spends_one_release_read_and_one_request_per_upload_and_a_published_package_costs_none()
    {
        await using var ctx = await GitHubTestContext.StartAsync();
        var tag = PackageNaming.ReleaseTag(First);

        // The first job of a shard: check (release read, 404), create the release, two uploads.
        Assert.Equal(4, await JobAsync(ctx, First));
        // Every later job of the shard: check (release read, reused by the publish), two uploads.
        Assert.Equal(3, await JobAsync(ctx, Second));
        // A job whose package is already published sees it through the download URL: no REST request at all.
        Assert.Equal(0, await JobAsync(ctx, Second));

        Assert.Equal(0, ctx.Server.CallCount(GitHubEndpoints.AssetList));
        Assert.Equal(4, Assert.Single(ctx.Server.State.Releases, r => r.Tag == tag).Assets.Count);
        Assert.Equal(ApiBudget.RequestsPerBuild, 1 + PackageNaming.AssetsPerPackage);
    }

    [Fact]
    public async Task A_job_warns_before_publishing_when_the_token_has_fewer_requests_left_than_it_needs()
    {
        await using var ctx = await GitHubTestContext.StartAsync();
        ctx.Server.RateLimit.Limit = 2;

        var store = new GitHubReleaseStore(ctx.Connect());
        Assert.Null(await store.FindAsync(PackageNaming.ReleaseTag(First), PackageNaming.FileName("kmodforge-sample", First), CancellationToken.None));

        var warning = Assert.Single(ctx.Log.Warnings, w => w.Contains("REST requests", StringComparison.Ordinal));
        Assert.Contains("the token has 1 of 2 left", warning, StringComparison.Ordinal);
        Assert.Contains("GitHub App", warning, StringComparison.Ordinal);
    }

    [Fact]
    public void The_nightly_formula_counts_dispatches_builds_and_new_releases_and_warns_only_past_the_budget()
    {
        var now = DateTimeOffset.FromUnixTimeSeconds(1_800_000_000);
        var budget = new RateBudget(1000, 1000, now.AddMinutes(30));

        Assert.Equal(11 + (540 * 4) + 26, ApiBudget.Nightly(540, 11, 26));
        Assert.Null(ApiBudget.Warning("run", 1000, budget, now));
        var warning = ApiBudget.Warning("This matrix run (540 builds)", ApiBudget.Nightly(540, 11, 26), budget, now);
        Assert.NotNull(warning);
        Assert.Contains("2,197 GitHub REST requests", warning, StringComparison.Ordinal);
        Assert.Contains("2 more hourly reset(s)", warning, StringComparison.Ordinal);
        Assert.Contains("in 30 min", warning, StringComparison.Ordinal);
    }

    [Fact]
    public void Rate_budget_is_read_from_GitHubs_headers_and_missing_headers_give_none()
    {
        var headers = new Dictionary<string, string> { ["x-ratelimit-limit"] = "1000", ["x-ratelimit-remaining"] = "12", ["x-ratelimit-reset"] = "1800000000" };

        Assert.Equal(new RateBudget(1000, 12, DateTimeOffset.FromUnixTimeSeconds(1_800_000_000)), RateBudget.FromHeaders(headers.GetValueOrDefault));
        Assert.Null(RateBudget.FromHeaders(new Dictionary<string, string> { ["x-ratelimit-limit"] = "1000" }.GetValueOrDefault));
    }

    /// <summary>What the Driver task does with the store: check, then (if missing) publish; returns the REST requests spent.</summary>
    private static async Task<long> JobAsync(GitHubTestContext ctx, BuildTarget target)
    {
        var before = ctx.Server.RateLimit.Total;
        var store = new GitHubReleaseStore(ctx.Connect());
        var tag = PackageNaming.ReleaseTag(target);
        var fileName = PackageNaming.FileName("kmodforge-sample", target);
        if (await store.FindAsync(tag, fileName, CancellationToken.None) is null)
        {
            await store.PublishAsync(tag, ctx.WritePackage(fileName), CancellationToken.None);
        }

        return ctx.Server.RateLimit.Total - before;
    }
}
