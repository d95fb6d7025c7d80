using KmodForge.Configuration;
using KmodForge.Containers;
using KmodForge.GitHub;
using KmodForge.Loader;
using KmodForge.Loader.Installing;
using KmodForge.Diagnostics;
using KmodForge.Naming;
using KmodForge.Service;
using KmodForge.Service.Hosting;
using KmodForge.Targets;
using KmodForge.Tests.GitHub;
using KmodForge.Tests.Support;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Xunit.Abstractions;

namespace KmodForge.Tests.Workflows;

/// <summary>
/// A node boots a Debian 12 kernel that kernels.json does not list: the loader finds no package (404), asks the build
/// service (GitHub backend), which dispatches driver-build.yml and follows the run by its run-name; the run publishes
/// the package and opens the add-kernel pull request; the loader loads the driver (stand-in insmod). The pull request
/// is merged, and the next nightly lists the kernel and builds nothing new.
/// </summary>
internal sealed class OnDemandLoop(DeployedSystem system, ScenarioKernels kernels, ITestOutputHelper output)
{
    private const string NodeToken = "node-token-0123456789abcdef0123456789";
    private const string DriverVersion = "v0.2.0";

    private TestNode? node;

    public async Task RunAsync()
    {
        system.Vars["DRIVER_VERSION"] = DriverVersion; // the fleet moved to v0.2.0
        var kernel = kernels.OlderBookworm;
        var target = BuildTarget.Create("debian", "12", kernel, "x86_64", DriverVersion);
        var file = PackageNaming.FileName("kmodforge-sample", target);
        var before = system.Runner.Runs.Count;

        await using (var service = await StartServiceAsync())
        {
            var log = new RecordingLog();
            var outcome = await new LoaderRun(await LoaderSettingsAsync(service.Url, kernel), log).RunAsync(CancellationToken.None);
            output.WriteLine(string.Join('\n', log.Lines));

            Assert.Equal(InstallOutcome.Loaded, outcome);
            Assert.Contains(log.Lines, l => l.Contains($"{file} is not published", StringComparison.Ordinal) && l.Contains("asking the build service", StringComparison.Ordinal));
            Assert.Matches($"^insmod .*/lib/modules/{kernel.Replace(".", "\\.", StringComparison.Ordinal)}/extra/kfsample.ko$", Assert.Single(File.ReadAllLines(node!.CommandsLog)));
        }

        var run = Assert.Single(await system.SettleAsync(before, TimeSpan.FromMinutes(5)));
        Assert.Equal((WorkflowContract.DriverBuild, "workflow_dispatch", "success"), (run.Workflow, run.Event, run.Conclusion));
        Assert.Contains(kernel, run.DisplayTitle, StringComparison.Ordinal);
        Assert.Contains(GitHubAssetName.For(file), system.ReleaseAssets(PackageNaming.ReleaseTag(target)));
        Assert.Contains(GitHubAssetName.For(file) + ".sha256", system.ReleaseAssets(PackageNaming.ReleaseTag(target)));

        // The add-kernel pull request, merged as a maintainer would: the nightly then lists the kernel and builds nothing new.
        var branch = $"add-kernel/debian/12/x86_64/{kernel.Replace('.', '-')}";
        lock (system.Server.State.Gate)
        {
            Assert.Single(system.Server.State.Pulls, p => p.Head == branch && p.Base == system.Server.DefaultBranch);
        }

        var merged = system.Server.State.ReadFile(branch, "kernels.json")!;
        Assert.Contains(kernel, merged, StringComparison.Ordinal);
        system.Server.State.Commit(system.Server.DefaultBranch, new Dictionary<string, string> { ["kernels.json"] = merged });

        before = system.Runner.Runs.Count;
        await system.Runner.StartScheduledAsync(WorkflowContract.MatrixGenerator);
        var nightly = await system.SettleAsync(before, TimeSpan.FromMinutes(10));
        var chunk = Assert.Single(nightly, r => r.Workflow == WorkflowContract.MatrixBuild);
        Assert.All(nightly, r => Assert.Equal("success", r.Conclusion));
        var job = Assert.Single(chunk.Jobs, j => j.Name.Contains(kernel, StringComparison.Ordinal));
        Assert.Contains("already published: nothing built", job.StepSummary, StringComparison.Ordinal);
        Assert.DoesNotContain("compiler:", job.Log, StringComparison.Ordinal);
    }

    private async Task<RunningService> StartServiceAsync()
    {
        string[] args =
        [
            "--urls=http://127.0.0.1:0", "--backend=github", "--release-store=github", $"--github-repository={system.Server.Repository}",
            $"--github-api-url={system.Server.BaseUrl}", $"--github-server-url={system.Server.BaseUrl}", $"--github-token={system.Server.Token}",
            $"--state-path={system.Temp.Combine("service", "builds.db")}", $"--api-tokens={NodeToken}", "--poll-interval=1", "--build-timeout=1500",
        ];
        var provider = ArgumentSettingsProvider.FromArgs(args, _ => null);
        var settings = provider.Get<ServiceSettings>();
        var app = await ServiceHost.CreateAsync(args, settings, s =>
        {
            s.AddLogging(b => b.ClearProviders());
            ServiceDependencies.Add(s, provider, settings);
        });
        await app.StartAsync();
        return new RunningService(app, app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
    }

    /// <summary>A node: the real os-release of the Debian 12 image, the given kernel, GitHub Releases as its release base.</summary>
    private async Task<LoaderSettings> LoaderSettingsAsync(string serviceUrl, string kernel)
    {
        var engine = ContainerEngineFactory.Create(new ContainerSettings(), NullBuildLog.Instance);
        var osRelease = await engine.RunAsync(new ContainerRunRequest(kernels.Bookworm.BaseImageTag, ["cat", "/etc/os-release"]) { Network = "none" }, CancellationToken.None);
        node = new TestNode(system.Temp, osRelease.StandardOutput);
        return node.Settings(kernel, DriverVersion, $"{system.Server.BaseUrl}{system.Server.Repository}/releases/download", serviceUrl, NodeToken, "loader-cache");
    }

    private sealed class RunningService(Microsoft.AspNetCore.Builder.WebApplication app, string url) : IAsyncDisposable
    {
        public string Url { get; } = url;

        public async ValueTask DisposeAsync()
        {
            await app.StopAsync();
            await app.DisposeAsync();
        }
    }
}
