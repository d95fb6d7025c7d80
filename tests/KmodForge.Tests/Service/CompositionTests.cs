using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using KmodForge.Configuration;
using KmodForge.Publishing;
using KmodForge.Service;
using KmodForge.Service.Hosting;
using KmodForge.Tests.GitHub;
using KmodForge.TestSupport.GitHub;
using KmodForge.Tests.Service.Support;
using KmodForge.Tests.Support;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace KmodForge.Tests.Service;

/// <summary>The deployed composition (Program's <see cref="ServiceDependencies"/>) from arguments alone.</summary>
public sealed class CompositionTests : IDisposable
{
    private readonly TempDirectory dir = new("kmodforge-service");

    [Fact]
    public async Task From_arguments_alone_the_github_backend_dispatches_to_the_configured_repository()
    {
        await using var github = await GitHubTestContext.StartAsync();
        github.Server.State.AddWorkflow("driver-build.yml", "Driver build", "driver-build ${{ inputs.build_id }}",
            "kernel_version", "architecture", "distribution", "distro_version", "driver_version", "build_id");
        string[] args =
        [
            "--urls=http://127.0.0.1:0", "--backend=github", "--release-store=github", $"--github-repository={github.Server.Repository}",
            $"--github-api-url={github.Server.BaseUrl}", $"--state-path={dir.Combine("builds.db")}", "--api-tokens=t1-0123456789abcdef0123456789abcdef", "--poll-interval=0.05",
        ];
        var provider = ArgumentSettingsProvider.FromArgs(args, name => name == "KMODFORGE_GITHUB_TOKEN" ? github.Server.Token : null);
        var settings = provider.Get<ServiceSettings>();
        await using var app = await ServiceHost.CreateAsync(args, settings, services =>
        {
            services.AddLogging(b => b.ClearProviders());
            ServiceDependencies.Add(services, provider, settings);
        });
        await app.StartAsync();
        using var client = new HttpClient { BaseAddress = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First() + "/") };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", "t1-0123456789abcdef0123456789abcdef");

        using var response = await client.PostAsJsonAsync("build", TestService.Request());
        var id = (await TestService.ReadJsonAsync(response)).GetProperty("build_id").GetString();

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        Assert.Equal(1, github.Server.CallCount(GitHubEndpoints.WorkflowDispatch));
        lock (github.Server.State.Gate)
        {
            Assert.Equal(id, Assert.Single(github.Server.State.Runs).Inputs["build_id"]);
            Assert.Equal("main", github.Server.State.Runs[0].HeadBranch);
        }

        Assert.StartsWith("GitHub releases of", app.Services.GetRequiredService<IReleaseStore>().Description);
        await app.StopAsync();
    }

    [Fact]
    public void The_local_release_store_is_the_default()
    {
        var services = new ServiceCollection();
        var provider = ArgumentSettingsProvider.FromArgs([$"--release-dir={dir.Combine("releases")}"], _ => null);

        ServiceDependencies.Add(services, provider, provider.Get<ServiceSettings>());

        var store = services.BuildServiceProvider().GetRequiredService<IReleaseStore>();
        Assert.Equal($"local directory {dir.Combine("releases")}", store.Description);
    }

    [Fact]
    public void The_github_backend_without_a_token_is_a_clear_settings_error()
    {
        var provider = ArgumentSettingsProvider.FromArgs(["--backend=github", "--github-repository=acme/drivers"], _ => null);

        var e = Assert.Throws<SettingsException>(() => ServiceDependencies.Add(new ServiceCollection(), provider, provider.Get<ServiceSettings>()));

        Assert.Contains("--github-token", e.Message);
    }

    public void Dispose() => dir.Dispose();
}
