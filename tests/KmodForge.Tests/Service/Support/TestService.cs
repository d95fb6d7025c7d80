using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using KmodForge.GitHub;
using KmodForge.Pipeline;
using KmodForge.Publishing;
using KmodForge.Service;
using KmodForge.Service.Backends.GitHub;
using KmodForge.Service.Hosting;
using KmodForge.Service.Observability;
using KmodForge.Service.State;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace KmodForge.Tests.Service.Support;

/// <summary>
/// The real service (Kestrel on 127.0.0.1, a free port) with test doubles of the interfaces it consumes, and an
/// HttpClient carrying a valid token. Disposing stops it the way SIGTERM does.
/// </summary>
public sealed class TestService : IAsyncDisposable
{
    public const string Token = "test-token-0123456789abcdef0123456789";

    private TestService(WebApplication app, Uri baseAddress)
    {
        App = app;
        Client = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 256 }) { BaseAddress = baseAddress, Timeout = TimeSpan.FromMinutes(2) };
        Client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Token);
    }

    public WebApplication App { get; }

    public HttpClient Client { get; }

    public IBuildStore Store => App.Services.GetRequiredService<IBuildStore>();

    public static async Task<TestService> StartAsync(
        ServiceSettings settings,
        IReleaseStore releases,
        IWorkflowDispatcher? dispatcher = null,
        IWorkflowRuns? runs = null,
        IDriverBuildRunner? runner = null,
        ILoggerProvider? logs = null)
    {
        var app = await ServiceHost.CreateAsync(["--urls=http://127.0.0.1:0"], settings, services =>
        {
            services.AddLogging(b =>
            {
                b.ClearProviders();
                if (logs is not null)
                {
                    b.AddProvider(logs);
                }
            });
            services.AddSingleton(releases);
            // Each test service counts on its own meter, so services running in parallel do not add up on /metrics.
            services.AddSingleton(sp => new ServiceMetrics(sp, "KmodForge.Service.Test." + Guid.NewGuid().ToString("N")));
            if (dispatcher is not null)
            {
                services.AddSingleton(dispatcher);
                services.AddSingleton(new GitHubBackendOptions("acme/drivers", "driver-build.yml", _ => Task.FromResult("main")));
            }

            if (runs is not null)
            {
                services.AddSingleton(runs);
            }

            if (runner is not null)
            {
                services.AddSingleton(runner);
            }
        });
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new TestService(app, new Uri(address.TrimEnd('/') + "/"));
    }

    /// <summary>Settings for tests: a state file in <paramref name="dir"/>, two tokens, fast polling, no rate limit unless given.</summary>
    public static ServiceSettings Settings(
        string dir,
        BuildBackendKind backend = BuildBackendKind.GitHub,
        TimeSpan? buildTimeout = null,
        TimeSpan? recoveryGrace = null,
        int rateLimitPermits = 0,
        bool statusRequiresToken = false,
        int localQueue = 16) => new()
    {
        Backend = backend,
        StatePath = Path.Combine(dir, "state", "builds.db"),
        ApiTokens = [Token, "second-token-0123456789abcdef01234567"],
        RateLimitPermits = rateLimitPermits,
        RateLimitWindow = TimeSpan.FromMinutes(10),
        StatusRequiresToken = statusRequiresToken,
        PollInterval = TimeSpan.FromMilliseconds(50),
        BuildTimeout = buildTimeout ?? TimeSpan.FromMinutes(5),
        DispatchRecoveryGrace = recoveryGrace ?? TimeSpan.FromMinutes(2),
        LocalQueueCapacity = localQueue,
    };

    public static object Request(
        string kernel = "6.1.0-28-amd64", string arch = "x86_64", string distribution = "debian", string? distroVersion = "12", string driver = "v0.1.0") =>
        distroVersion is null
            ? new { kernel_version = kernel, architecture = arch, distribution, driver_version = driver }
            : new { kernel_version = kernel, architecture = arch, distribution, distro_version = distroVersion, driver_version = driver };

    public Task<HttpResponseMessage> PostBuildAsync(object body) => Client.PostAsJsonAsync("build", body);

    public async Task<string> SubmitAsync(object body)
    {
        using var response = await PostBuildAsync(body);
        var json = await ReadJsonAsync(response);
        Assert.True(response.StatusCode == System.Net.HttpStatusCode.Accepted, $"expected 202, got {(int)response.StatusCode}: {json}");
        return json.GetProperty("build_id").GetString()!;
    }

    public async Task<JsonElement> StatusAsync(string buildId)
    {
        using var response = await Client.GetAsync("status/" + buildId);
        response.EnsureSuccessStatusCode();
        return await ReadJsonAsync(response);
    }

    /// <summary>Polls GET /status until it shows <paramref name="status"/> (fails after a generous minute, with the last answer).</summary>
    public async Task<JsonElement> WaitForStatusAsync(string buildId, string status)
    {
        var deadline = DateTime.UtcNow.AddMinutes(1);
        JsonElement last;
        do
        {
            last = await StatusAsync(buildId);
            if (last.GetProperty("status").GetString() == status)
            {
                return last;
            }

            await Task.Delay(25);
        }
        while (DateTime.UtcNow < deadline);

        Assert.Fail($"build {buildId} never became {status}; last status: {last}");
        return last;
    }

    public static async Task<JsonElement> ReadJsonAsync(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await App.StopAsync();
        await App.DisposeAsync();
    }
}
