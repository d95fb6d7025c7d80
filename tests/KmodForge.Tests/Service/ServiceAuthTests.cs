using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using KmodForge.Service;
using KmodForge.Service.Api;
using KmodForge.Service.Hosting;
using KmodForge.Tests.Service.Support;
using KmodForge.Tests.Support;

namespace KmodForge.Tests.Service;

/// <summary>Bearer tokens on POST /build (and optionally on status), through real HTTP.</summary>
public sealed class ServiceAuthTests : IDisposable
{
    private readonly TempDirectory dir = new("kmodforge-service");
    private readonly RecordingDispatcher dispatcher = new();

    [Theory]
    [InlineData(null)]
    [InlineData("Bearer wrong-token")]
    [InlineData("Bearer test-token-012345678")]
    [InlineData("Bearer test-token-01234567890")]
    [InlineData("Bearer ")]
    [InlineData("Basic dGVzdDp0ZXN0")]
    [InlineData("test-token-0123456789")]
    public async Task Refuses_builds_without_an_accepted_token(string? authorization)
    {
        await using var service = await TestService.StartAsync(TestService.Settings(dir.Path), new MemoryReleaseStore(), dispatcher, new ScriptedRuns());
        using var request = new HttpRequestMessage(HttpMethod.Post, "build") { Content = JsonContent.Create(TestService.Request()) };
        service.Client.DefaultRequestHeaders.Authorization = null;
        if (authorization is not null)
        {
            request.Headers.TryAddWithoutValidation("Authorization", authorization);
        }

        using var response = await service.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("Bearer", response.Headers.WwwAuthenticate.Single().Scheme);
        Assert.Contains("bearer token is required", (await TestService.ReadJsonAsync(response)).GetProperty("error").GetString());
        Assert.Equal(0, dispatcher.Count);
    }

    [Theory]
    [InlineData(TestService.Token)]
    [InlineData("second-token-0123456789abcdef01234567")]
    public async Task Accepts_builds_with_any_configured_token(string token)
    {
        await using var service = await TestService.StartAsync(TestService.Settings(dir.Path), new MemoryReleaseStore(), dispatcher, new ScriptedRuns());
        service.Client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);

        await service.SubmitAsync(TestService.Request());

        Assert.Equal(1, dispatcher.Count);
    }

    [Fact]
    public async Task Status_reads_are_open_unless_protected()
    {
        string id;
        await using (var open = await TestService.StartAsync(TestService.Settings(dir.Path), new MemoryReleaseStore(), dispatcher, new ScriptedRuns()))
        {
            id = await open.SubmitAsync(TestService.Request());
            open.Client.DefaultRequestHeaders.Authorization = null;
            using var response = await open.Client.GetAsync("status/" + id);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        await using var closed = await TestService.StartAsync(TestService.Settings(dir.Path, statusRequiresToken: true),
            new MemoryReleaseStore(), dispatcher, new ScriptedRuns());
        using (var withToken = await closed.Client.GetAsync("status/" + id))
        {
            Assert.Equal(HttpStatusCode.OK, withToken.StatusCode);
        }

        closed.Client.DefaultRequestHeaders.Authorization = null;
        using var without = await closed.Client.GetAsync("status/" + id);
        Assert.Equal(HttpStatusCode.Unauthorized, without.StatusCode);
    }

    [Fact]
    public async Task Refuses_to_start_without_tokens()
    {
        var settings = new ServiceSettings { StatePath = dir.Combine("builds.db") };

        var e = await Assert.ThrowsAsync<ServiceConfigurationException>(() => TestService.StartAsync(settings, new MemoryReleaseStore()));

        Assert.Contains("no API tokens", e.Message);
    }

    [Fact]
    public void Token_comparison_needs_the_whole_token()
    {
        var tokens = new BearerTokens(["alpha-token", "beta-token"], allowAnonymous: false);

        Assert.True(tokens.Accepts("Bearer alpha-token"));
        Assert.True(tokens.Accepts("bearer beta-token"));
        Assert.False(tokens.Accepts("Bearer alpha-toke"));
        Assert.False(tokens.Accepts("Bearer alpha-token-and-more"));
        Assert.False(tokens.Accepts("Bearer "));
        Assert.False(tokens.Accepts(null));
        Assert.Equal(2, tokens.Count);
    }

    [Fact]
    public void Reads_tokens_from_a_file_skipping_comments()
    {
        File.WriteAllLines(dir.Combine("tokens"), ["# fleet tokens", "", "  file-token  "]);

        var tokens = BearerTokens.From(new ServiceSettings { ApiTokensFile = dir.Combine("tokens") });

        Assert.Equal(1, tokens.Count);
        Assert.True(tokens.Accepts("Bearer file-token"));
    }

    [Fact]
    public async Task Refuses_to_start_with_a_token_shorter_than_32_characters_saying_how_to_make_one()
    {
        var settings = TestService.Settings(dir.Path);
        settings = new ServiceSettings { StatePath = settings.StatePath, ApiTokens = ["x"] };

        var error = await Assert.ThrowsAsync<KmodForge.Service.Hosting.ServiceConfigurationException>(() =>
            TestService.StartAsync(settings, new MemoryReleaseStore(), dispatcher, new ScriptedRuns()));

        var problem = Assert.Single(error.Problems);
        Assert.Contains("shorter than 32 characters", problem, StringComparison.Ordinal);
        Assert.Contains("openssl rand -hex 32", problem, StringComparison.Ordinal);
        Assert.DoesNotContain("'x'", problem, StringComparison.Ordinal);
    }

    public void Dispose() => dir.Dispose();
}
