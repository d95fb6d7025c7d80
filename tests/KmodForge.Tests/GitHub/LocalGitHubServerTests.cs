using KmodForge.TestSupport.GitHub;
using Octokit;

namespace KmodForge.Tests.GitHub;

/// <summary>The test server speaks GitHub Enterprise's layout to a plain Octokit client, as other areas' tests use it.</summary>
public sealed class LocalGitHubServerTests
{
    [Fact]
    public async Task A_plain_Octokit_client_pointed_at_it_as_GitHub_Enterprise_creates_releases_and_pages_assets()
    {
        await using var server = await LocalGitHubServer.StartAsync();
        var client = new GitHubClient(new ProductHeaderValue("kmodforge"), server.BaseUrl) { Credentials = new Credentials(server.Token) };

        var release = await client.Repository.Release.Create(server.Owner, server.Repo, new NewRelease("v1.0.0"));
        for (var i = 0; i < 45; i++)
        {
            server.State.AddAsset(server.State.ReleaseByTag("v1.0.0")!, $"a-{i}.deb", [(byte)i]);
        }

        var assets = await client.Repository.Release.GetAllAssets(server.Owner, server.Repo, release.Id, new ApiOptions { PageSize = 20 });
        var byTag = await client.Repository.Release.Get(server.Owner, server.Repo, "v1.0.0");

        Assert.Equal(new Uri(server.BaseUrl, "api/v3/"), client.Connection.BaseAddress);
        Assert.Equal(45, assets.Count);
        Assert.Equal(3, server.CallCount(GitHubEndpoints.AssetList));
        Assert.Equal(release.Id, byTag.Id);
        Assert.StartsWith(new Uri(server.BaseUrl, "api/uploads/").ToString(), release.UploadUrl, StringComparison.Ordinal);
        await Assert.ThrowsAsync<NotFoundException>(() => client.Repository.Release.Get(server.Owner, server.Repo, "v9"));
        var anonymous = new GitHubClient(new ProductHeaderValue("kmodforge"), server.BaseUrl);
        await Assert.ThrowsAsync<AuthorizationException>(() => anonymous.Repository.Release.Get(server.Owner, server.Repo, "v1.0.0"));
    }

    [Fact]
    public async Task Injected_faults_answer_only_the_chosen_call_with_GitHubs_status_and_headers()
    {
        await using var server = await LocalGitHubServer.StartAsync();
        var client = new GitHubClient(new ProductHeaderValue("kmodforge"), server.BaseUrl) { Credentials = new Credentials(server.Token) };
        server.State.CreateRelease("v1");
        server.InjectFault(GitHubEndpoints.ReleaseByTag, 2, GitHubFault.RateLimited(TimeSpan.FromMinutes(5)));
        server.InjectFault(GitHubEndpoints.ReleaseByTag, 3, GitHubFault.ServerError(503));

        await client.Repository.Release.Get(server.Owner, server.Repo, "v1");
        var limited = await Assert.ThrowsAsync<RateLimitExceededException>(() => client.Repository.Release.Get(server.Owner, server.Repo, "v1"));
        var down = await Assert.ThrowsAsync<ApiException>(() => client.Repository.Release.Get(server.Owner, server.Repo, "v1"));
        await client.Repository.Release.Get(server.Owner, server.Repo, "v1");

        Assert.Equal(0, limited.Remaining);
        Assert.True(limited.Reset > DateTimeOffset.UtcNow.AddMinutes(4));
        Assert.Equal(System.Net.HttpStatusCode.ServiceUnavailable, down.StatusCode);
        Assert.Equal(4, server.CallCount(GitHubEndpoints.ReleaseByTag));
    }
}
