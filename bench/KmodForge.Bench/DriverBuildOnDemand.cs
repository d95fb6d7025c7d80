using System.Diagnostics;
using KmodForge.Configuration;
using KmodForge.Diagnostics;
using KmodForge.Loader;
using KmodForge.Service;
using KmodForge.Service.Hosting;
using KmodForge.Service.State;
using KmodForge.Signing.Minisign;
using KmodForge.Targets;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace KmodForge.Bench;

/// <summary>
/// On demand, end to end: the real build service with its local backend (as <c>LoaderAndServiceEndToEndTests</c> starts
/// it) and the loader on a node whose kernel has no package. Timed from the loader's start to "ready to insmod" (extract
/// mode, dry run: the .ko is verified and extracted, nothing is loaded): the 404, the build request, the service's
/// cold build, the polls, the download and the signature check.
/// </summary>
internal sealed class DriverBuildOnDemand : IAsyncDisposable
{
    private const string Token = "bench-token-0123456789abcdef0123456789";
    private readonly WebApplication app;
    private readonly string scratch;
    private readonly string serviceUrl;
    private readonly MinisignPublicKey key;

    private DriverBuildOnDemand(WebApplication app, string scratch, string serviceUrl, MinisignPublicKey key) =>
        (this.app, this.scratch, this.serviceUrl, this.key) = (app, scratch, serviceUrl, key);

    /// <summary>
    /// The service's own layer namespace: its build answers "done" once the package is published and commits the header
    /// layer after, so that commit must never land in the namespace the cold builds are measured in.
    /// </summary>
    public const string LayerNamespace = "kmodforge-bench-ondemand";

    /// <summary>
    /// The loader's poll interval as a node has it (its default, 10 s): each poll is a long poll the service answers
    /// when the build changes, so the interval applies only to a service that does not hold its answers.
    /// </summary>
    public static TimeSpan PollInterval { get; } = new LoaderSettings().PollInterval;

    public static async Task<DriverBuildOnDemand> StartAsync(string root, string moduleSource, string scratch)
    {
        Directory.CreateDirectory(scratch);
        var key = SigningKeyFile.Generate(Path.Combine(scratch, "keys", "kmodforge.key"));
        string[] args =
        [
            "--urls=http://127.0.0.1:0", "--backend=local", "--release-store=local", $"--release-dir={Path.Combine(scratch, "releases")}",
            $"--work-dir={Path.Combine(scratch, "work")}", $"--state-path={Path.Combine(scratch, "builds.db")}", $"--api-tokens={Token}",
            $"--package-signing-key-file={Path.Combine(scratch, "keys", "kmodforge.key")}", $"--module-source={moduleSource}", "--architecture=x86_64",
            $"--repository-root={root}", $"--layer-namespace={LayerNamespace}",
        ];
        var provider = ArgumentSettingsProvider.FromArgs(args, _ => null);
        var settings = provider.Get<ServiceSettings>();
        var app = await ServiceHost.CreateAsync(args, settings, s =>
        {
            s.AddLogging(b => b.ClearProviders());
            ServiceDependencies.Add(s, provider, settings);
        });
        await app.StartAsync();
        var url = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new DriverBuildOnDemand(app, scratch, url, key);
    }

    /// <summary>
    /// One node start: a fresh node folder and cache, a driver version never built. Returns the time to "ready to
    /// insmod", and of it the service's build: from its dispatch to its record saying done (at the publish).
    /// </summary>
    public async Task<(TimeSpan Total, TimeSpan Build)> RunAsync(BuildTarget target, string osRelease, IBuildLog log)
    {
        var node = Path.Combine(scratch, "node-" + target.DriverVersion);
        Directory.CreateDirectory(Path.Combine(node, "etc"));
        await File.WriteAllTextAsync(Path.Combine(node, "etc", "os-release"), osRelease);
        var settings = new LoaderSettings
        {
            TrustedKeys = [key.Base64], AllowInsecureHttp = true, DriverVersion = target.DriverVersion,
            ReleaseBase = Path.Combine(scratch, "releases"), ServiceUrl = serviceUrl, ServiceToken = Token,
            PollInterval = PollInterval, BuildWait = TimeSpan.FromMinutes(25), HostRoot = node, KernelRelease = target.KernelRelease,
            Architecture = "x86_64", CacheDirectory = Path.Combine(node, "cache"), Mode = InstallMode.Extract, DryRun = true,
            ProcModules = Path.Combine(node, "none"), SysModule = Path.Combine(node, "none"),
        };
        var watch = Stopwatch.StartNew();
        var outcome = await new LoaderRun(settings, log).RunAsync(CancellationToken.None);
        var elapsed = watch.Elapsed;
        if (outcome != KmodForge.Loader.Installing.InstallOutcome.Loaded)
        {
            throw new InvalidOperationException($"the on-demand loader run ended with {outcome}, not ready to insmod");
        }

        var build = (await app.Services.GetRequiredService<IBuildStore>().ListRecentAsync(1, CancellationToken.None)).Single();
        return (elapsed, build.UpdatedAt - (build.DispatchedAt ?? build.CreatedAt));
    }

    /// <summary>
    /// Waits (untimed) until the service's build has committed its header layer <paramref name="layer"/>: it still runs
    /// after the node got its package, and the next round must not overlap it.
    /// </summary>
    public static async Task WaitForLayerAsync(Containers.IContainerEngine engine, string layer)
    {
        var deadline = Stopwatch.StartNew();
        while (!await engine.ImageExistsAsync(layer, CancellationToken.None))
        {
            if (deadline.Elapsed > TimeSpan.FromMinutes(3))
            {
                Console.Error.WriteLine($"driver-build benchmark: the service's build did not keep {layer} within 3 min; the next round may overlap it");
                return;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(500));
        }
    }

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
    }
}
