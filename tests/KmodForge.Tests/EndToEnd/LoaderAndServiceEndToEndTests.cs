using System.Net.Http.Headers;
using KmodForge.Configuration;
using KmodForge.Containers;
using KmodForge.Diagnostics;
using KmodForge.Loader;
using KmodForge.Loader.Installing;
using KmodForge.Naming;
using KmodForge.Pipeline;
using KmodForge.Publishing;
using KmodForge.Service;
using KmodForge.Service.Hosting;
using KmodForge.Tests.Support;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Xunit.Abstractions;

namespace KmodForge.Tests.EndToEnd;

/// <summary>
/// A node boots on a Debian 12 kernel with no published driver: the loader gets 404, asks the build service, whose
/// local backend builds the sample module for that real kernel in a container and publishes it; the loader downloads
/// it, verifies it, extracts the .ko and runs the (stand-in) insmod with its path. A second run is a no-op; a
/// tampered package is refused. The service signs what it publishes and the loader checks it against the pinned key. The node's os-release is the real one of the bootstrapped Debian 12 image.
/// </summary>
[Collection("Containers")]
public sealed class LoaderAndServiceEndToEndTests(ITestOutputHelper output) : IDisposable
{
    private readonly TempDirectory temp = new("kmodforge-e2e");
    private readonly StringWriter logText = new();

    [ContainerFact]
    public async Task A_node_without_a_package_gets_one_built_by_the_service_then_loads_it()
    {
        var log = BuildLogFactory.Create(new BuildLogOptions(), _ => null, logText);
        var publicKey = KmodForge.Signing.Minisign.SigningKeyFile.Generate(temp.Combine("keys", "kmodforge.key"));
        string[] args =
        [
            "--urls=http://127.0.0.1:0", "--backend=local", "--release-store=local", $"--release-dir={temp.Combine("releases")}",
            $"--work-dir={temp.Combine("work")}", $"--state-path={temp.Combine("builds.db")}", "--api-tokens=node-token-0123456789abcdef0123456789", $"--package-signing-key-file={temp.Combine("keys", "kmodforge.key")}",
            $"--module-source={RepoPaths.Sample}", "--architecture=x86_64", $"--repository-root={RepoPaths.Root}",
        ];
        var provider = ArgumentSettingsProvider.FromArgs(args, _ => null);

        // The node: the real os-release of the Debian 12 base image and its newest kernel.
        var services = DriverBuildFactory.CreateServices(ArgumentSettingsProvider.FromArgs(
            [.. args, "--distribution=debian", "--distro-version=12", "--kernel-release=latest", "--driver-version=v0.2.0"], _ => null), log, RepoPaths.Root);
        var target = await DriverBuildFactory.ResolveTargetAsync(
            new DriverBuildSettings { Distribution = "debian", DistroVersion = "12", KernelRelease = "latest", Architecture = "x86_64", DriverVersion = "v0.2.0" },
            services, CancellationToken.None);
        var osRelease = await services.Engine.RunAsync(new ContainerRunRequest(target.BaseImageTag, ["cat", "/etc/os-release"]), CancellationToken.None);
        var node = new TestNode(temp, osRelease.StandardOutput);

        var settings = provider.Get<ServiceSettings>();
        await using var app = await ServiceHost.CreateAsync(args, settings, s =>
        {
            s.AddLogging(b => b.ClearProviders());
            ServiceDependencies.Add(s, provider, settings);
        });
        await app.StartAsync();
        var serviceUrl = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();

        var loader = node.Settings(target.KernelRelease, "v0.2.0", temp.Combine("releases"), serviceUrl, "node-token-0123456789abcdef0123456789", trustedKey: publicKey.Base64);
        var first = new LoaderRun(loader, log);
        Assert.Equal(InstallOutcome.Loaded, await first.RunAsync(CancellationToken.None));

        var insmod = Assert.Single(File.ReadAllLines(node.CommandsLog));
        Assert.Matches($"^insmod .*/lib/modules/{target.KernelRelease}/extra/kfsample.ko$", insmod);
        var published = Path.Combine(temp.Combine("releases"), PackageNaming.ReleaseTag(target.WithDriverVersion("v0.2.0")), $"kmodforge-sample-debian-12-{target.KernelRelease}_v0.2.0_amd64.deb");
        Assert.True(File.Exists(published));
        Assert.Equal(publicKey.Id, first.SignatureKeyId);
        Assert.Equal(0, ProcessRunner.Run("minisign", "-V", "-p", temp.Combine("keys", "kmodforge.key.pub"), "-m", published).ExitCode);

        // The kernel now has the module loaded: a second run (from the cache, no download) does nothing.
        File.WriteAllText(loader.ProcModules, "kfsample 16384 0 - Live 0x0000000000000000\n");
        Directory.CreateDirectory(Path.Combine(loader.SysModule, "kfsample"));
        File.WriteAllText(Path.Combine(loader.SysModule, "kfsample", "version"), "0.2.0\n");
        Assert.Equal(InstallOutcome.AlreadyLoaded, await new LoaderRun(loader, log).RunAsync(CancellationToken.None));
        Assert.Single(File.ReadAllLines(node.CommandsLog));

        // A tampered package is refused before anything is installed.
        var bytes = File.ReadAllBytes(published);
        bytes[^1] ^= 0xFF;
        File.WriteAllBytes(published, bytes);
        await Assert.ThrowsAsync<ChecksumMismatchException>(() => new LoaderRun(node.Settings(target.KernelRelease, "v0.2.0", temp.Combine("releases"), serviceUrl, "node-token-0123456789abcdef0123456789", "fresh-cache", publicKey.Base64), log).RunAsync(CancellationToken.None));
        Assert.Single(File.ReadAllLines(node.CommandsLog));

        await app.StopAsync();
    }

    public void Dispose()
    {
        output.WriteLine(logText.ToString());
        temp.Dispose();
    }
}
