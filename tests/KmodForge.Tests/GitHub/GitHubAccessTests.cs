using System.Net;
using KmodForge.Configuration;
using KmodForge.GitHub;
using KmodForge.Naming;
using KmodForge.Targets;
using KmodForge.TestSupport.GitHub;

namespace KmodForge.Tests.GitHub;

/// <summary>Credentials, permissions, rate limits and settings: what the person running the build is told.</summary>
public sealed class GitHubAccessTests
{
    private static readonly BuildTarget Debian = BuildTarget.Create("debian", "12", "6.1.0-28-amd64", "x86_64", "v0.1.0");

    [Fact]
    public async Task A_rejected_token_says_which_permission_publishing_needs_and_never_shows_the_token()
    {
        await using var ctx = await GitHubTestContext.StartAsync();
        var store = new GitHubReleaseStore(ctx.Connect(ctx.Settings(token: "ghp_wrongwrongwrong")));
        var path = ctx.WritePackage(PackageNaming.FileName("kmodforge-sample", Debian));

        var e = await Assert.ThrowsAsync<GitHubOperationException>(() => store.PublishAsync("v0.1.0", path, CancellationToken.None));

        Assert.Contains("401", e.Message, StringComparison.Ordinal);
        Assert.Contains("contents: write", e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("ghp_wrongwrongwrong", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_token_without_contents_write_is_told_to_add_it()
    {
        await using var ctx = await GitHubTestContext.StartAsync();
        ctx.Server.DeniedPermissions["contents=write"] = true;
        var path = ctx.WritePackage(PackageNaming.FileName("kmodforge-sample", Debian));

        var e = await Assert.ThrowsAsync<GitHubOperationException>(() => new GitHubReleaseStore(ctx.Connect()).PublishAsync("v0.1.0", path, CancellationToken.None));

        Assert.Contains("403", e.Message, StringComparison.Ordinal);
        Assert.Contains("'contents: write'", e.Message, StringComparison.Ordinal);
        Assert.Contains("permissions:", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_403_rate_limit_is_waited_out_until_the_reset_and_the_call_succeeds()
    {
        await using var ctx = await GitHubTestContext.StartAsync();
        ctx.Server.State.CreateRelease("v0.1.0");
        ctx.Server.InjectFault(GitHubEndpoints.ReleaseByTag, 1, GitHubFault.RateLimited(TimeSpan.FromSeconds(1)));

        var found = await new GitHubReleaseStore(ctx.Connect()).FindAsync("v0.1.0", "absent.deb", CancellationToken.None);

        Assert.Null(found);
        Assert.Equal(2, ctx.Server.CallCount(GitHubEndpoints.ReleaseByTag));
        Assert.Contains(ctx.Log.Lines, l => l.Contains("rate limit (core)", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_secondary_rate_limit_with_retry_after_is_waited_out()
    {
        await using var ctx = await GitHubTestContext.StartAsync();
        ctx.Server.InjectFault(GitHubEndpoints.ReleaseByTag, 1, GitHubFault.SecondaryRateLimit(1));

        Assert.Null(await new GitHubReleaseStore(ctx.Connect()).FindAsync("v9.9.9", "absent.deb", CancellationToken.None));

        Assert.Equal(2, ctx.Server.CallCount(GitHubEndpoints.ReleaseByTag));
    }

    [Fact]
    public async Task A_rate_limit_resetting_later_than_the_allowed_wait_fails_saying_when_it_resets()
    {
        await using var ctx = await GitHubTestContext.StartAsync();
        ctx.Server.InjectFault(GitHubEndpoints.ReleaseByTag, 1, GitHubFault.RateLimited(TimeSpan.FromMinutes(40)));

        var e = await Assert.ThrowsAsync<GitHubOperationException>(() => new GitHubReleaseStore(ctx.Connect()).FindAsync("v0.1.0", "x.deb", CancellationToken.None));

        Assert.Contains("rate limit", e.Message, StringComparison.Ordinal);
        Assert.Contains("--github-max-rate-limit-wait", e.Message, StringComparison.Ordinal);
        Assert.Equal(1, ctx.Server.CallCount(GitHubEndpoints.ReleaseByTag));
    }

    [Fact]
    public void Rate_limit_wait_is_read_from_retry_after_or_the_reset_header_and_only_for_403_and_429()
    {
        var now = DateTimeOffset.FromUnixTimeSeconds(1_800_000_000);
        using var reset = new HttpResponseMessage(HttpStatusCode.Forbidden);
        reset.Headers.Add("x-ratelimit-remaining", "0");
        reset.Headers.Add("x-ratelimit-reset", "1800000030");
        using var retryAfter = new HttpResponseMessage(HttpStatusCode.TooManyRequests);
        retryAfter.Headers.Add("retry-after", "7");
        using var forbidden = new HttpResponseMessage(HttpStatusCode.Forbidden);
        forbidden.Headers.Add("x-ratelimit-remaining", "12");
        using var serverError = new HttpResponseMessage(HttpStatusCode.BadGateway);
        serverError.Headers.Add("retry-after", "7");

        Assert.Equal(TimeSpan.FromSeconds(31), GitHubRateLimitHandler.RateLimitWait(reset, now));
        Assert.Equal(TimeSpan.FromSeconds(7), GitHubRateLimitHandler.RateLimitWait(retryAfter, now));
        Assert.Null(GitHubRateLimitHandler.RateLimitWait(forbidden, now));
        Assert.Null(GitHubRateLimitHandler.RateLimitWait(serverError, now));
    }

    [Theory]
    [InlineData("https://api.github.com", "https://api.github.com/")]
    [InlineData("https://github.com", "https://api.github.com/")]
    [InlineData("https://ghe.example.com", "https://ghe.example.com/api/v3/")]
    [InlineData("https://ghe.example.com/api/v3", "https://ghe.example.com/api/v3/")]
    [InlineData("http://127.0.0.1:5000/", "http://127.0.0.1:5000/api/v3/")]
    public void The_API_root_follows_Octokits_GitHub_Enterprise_layout(string setting, string expected) =>
        Assert.Equal(expected, GitHubClientFactory.ApiBaseAddress(setting).ToString());

    [Fact]
    public void Settings_come_from_the_Actions_environment_and_bad_ones_are_named_without_showing_the_token()
    {
        var env = new Dictionary<string, string>
        {
            ["GITHUB_TOKEN"] = "ghs_secretsecret",
            ["GITHUB_REPOSITORY"] = "acme/drivers",
            ["GITHUB_API_URL"] = "https://ghe.example.com/api/v3",
            ["GITHUB_RUN_ID"] = "123",
        };
        var settings = SettingsBinder.Bind<GitHubSettings>(_ => null, env.GetValueOrDefault);
        Assert.Equal(("acme", "drivers"), settings.Validate());
        Assert.Equal("123", settings.RunId);

        var bad = new GitHubSettings { Token = "ghs_secretsecret", Repository = "acme/drivers; rm -rf /", ApiUrl = "ftp://x" };
        var e = Assert.Throws<SettingsException>(() => bad.Validate());
        Assert.Contains(e.Errors, m => m.Contains("--github-repository", StringComparison.Ordinal) && m.Contains("owner/name", StringComparison.Ordinal));
        Assert.Contains(e.Errors, m => m.Contains("--github-api-url", StringComparison.Ordinal));
        Assert.DoesNotContain("ghs_secretsecret", e.Message, StringComparison.Ordinal);
        Assert.Contains(Assert.Throws<SettingsException>(() => new GitHubSettings { Repository = "a/b" }.Validate()).Errors,
            m => m.Contains("GITHUB_TOKEN", StringComparison.Ordinal));
    }
}
