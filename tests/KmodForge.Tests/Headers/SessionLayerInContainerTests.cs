using KmodForge.Containers;
using KmodForge.Diagnostics;
using KmodForge.Headers;
using KmodForge.Images;
using KmodForge.Targets;
using KmodForge.Tests.Support;
using Xunit.Abstractions;

namespace KmodForge.Tests.Headers;

/// <summary>
/// For real, with the engine here (Podman; the same verbs on Docker): a session container of the Debian 12 base image
/// is changed with its network on (the header install's place), cut off from it, serves a compile-shaped run with no
/// network and the compile's mount, and is then committed as the layer: the change kept, the mount's files not, the
/// session gone. A session on the host's network cannot be cut off: its first run commits it and runs in the image instead.
/// </summary>
[Collection("Containers")]
public sealed class SessionLayerInContainerTests(ITestOutputHelper output) : IDisposable
{
    private readonly TempDirectory temp = new();
    private readonly StringWriter logText = new();
    private readonly string tag = $"kmodforge-test-{Guid.NewGuid():N}"[..26] + "/headers-debian:session";
    private readonly string buildId = "test-" + Guid.NewGuid().ToString("N")[..12];

    private async Task<(CliContainerEngine Engine, string BaseImage, Mount Source)> StartAsync(IBuildLog log)
    {
        var engine = ContainerEngineFactory.Create(new ContainerSettings(), log);
        var debian = await BaseImageBuilder.Create(engine, new BaseImageSettings(), RepoPaths.Root, log)
            .EnsureAsync(DistroRegistry.Debian, DistroRegistry.Debian.GetVersion("12"), Architecture.X86_64, CancellationToken.None);
        return (engine, debian.Tag, new Mount(Directory.CreateDirectory(temp.Combine("src")).FullName, "/build/src"));
    }

    private async Task<string> StartSessionAsync(CliContainerEngine engine, string baseImage, Mount source, string? network)
    {
        using var labels = ContainerLabels.ForBuild(buildId);
        return await engine.StartSessionAsync(new ContainerRunRequest(baseImage, []) { Mounts = [source], Platform = "linux/amd64", Network = network },
            TimeSpan.FromMinutes(10), CancellationToken.None);
    }

    /// <summary>
    /// A run shaped like the compile (the layer's image, no network, the compile's mount and working directory): prints
    /// the session's marker file and writes the interfaces it sees to <c>interfaces</c> in the mount, then <paramref name="then"/>.
    /// </summary>
    private ContainerRunRequest CompileShaped(Mount source, string then) =>
        new(tag, ["sh", "-c", $"cat /etc/kmodforge-session-test && {ContainerIsolation.InterfacesScript} > interfaces{then}"])
        {
            Mounts = [source],
            Network = "none",
            WorkingDirectory = "/build/src",
            Platform = "linux/amd64",
        };

    private async Task CleanUpAsync(CliContainerEngine engine, string container)
    {
        await engine.EndSessionAsync(container);
        if (await engine.ImageExistsAsync(tag, CancellationToken.None))
        {
            await engine.RemoveImageAsync(tag, CancellationToken.None);
        }
    }

    [ContainerFact]
    public async Task A_session_installs_with_a_network_compiles_without_one_and_is_committed_without_its_mount()
    {
        var log = BuildLogFactory.Create(new BuildLogOptions(), _ => null, logText);
        var (engine, baseImage, source) = await StartAsync(log);
        var container = await StartSessionAsync(engine, baseImage, source, network: null);
        try
        {
            var install = await engine.ExecAsync(container, new ContainerExecRequest(["sh", "-c", "echo installed > /etc/kmodforge-session-test && " + ContainerIsolation.InterfacesScript]), CancellationToken.None);
            Assert.Equal(0, install.ExitCode);
            Assert.NotEmpty(ContainerIsolation.OtherInterfaces(install.StandardOutput)); // the install's network

            var layer = await SessionLayer.IsolateAsync(engine, engine, container, new ImageCommitRequest(tag) { Labels = new Dictionary<string, string> { [HeaderLayer.KernelReleaseLabel] = "6.1.0-57-amd64" } },
                [source], "linux/amd64", log, CancellationToken.None);

            var compile = await layer.Engine.RunAsync(CompileShaped(source, " && touch made"), CancellationToken.None);
            Assert.Equal(0, compile.ExitCode);
            Assert.Equal("installed", compile.StandardOutput.Trim()); // in the session: the layer's image does not exist yet
            Assert.Equal("lo", File.ReadAllText(Path.Combine(source.HostPath, "interfaces")).Trim());
            Assert.False(await engine.ImageExistsAsync(tag, CancellationToken.None));

            layer.StartKeeping();
            await layer.FinishAsync(keep: true);

            var info = Assert.IsType<ImageInfo>(await engine.InspectImageAsync(tag, CancellationToken.None));
            Assert.Equal("6.1.0-57-amd64", info.Labels[HeaderLayer.KernelReleaseLabel]);
            var inImage = await engine.RunAsync(new ContainerRunRequest(tag, ["sh", "-c", "test -f /etc/kmodforge-session-test && ! test -e /build/src/made"]) { Network = "none" },
                CancellationToken.None);
            Assert.True(inImage.ExitCode == 0, "the committed layer has the session's change and none of its mount's files");
            Assert.DoesNotContain((await engine.ListAsync(CancellationToken.None)).Select(c => c.BuildId), id => id == buildId);
        }
        finally
        {
            await CleanUpAsync(engine, container);
        }
    }

    [ContainerFact]
    public async Task A_session_on_the_hosts_network_cannot_be_cut_off_so_the_compile_runs_in_the_committed_image()
    {
        var log = BuildLogFactory.Create(new BuildLogOptions(), _ => null, logText);
        var (engine, baseImage, source) = await StartAsync(log);
        var container = await StartSessionAsync(engine, baseImage, source, network: "host");
        try
        {
            await engine.ExecAsync(container, new ContainerExecRequest(["sh", "-c", "echo installed > /etc/kmodforge-session-test"]), CancellationToken.None);
            var layer = await SessionLayer.IsolateAsync(engine, engine, container, new ImageCommitRequest(tag), [source], "linux/amd64", log, CancellationToken.None);
            var compile = await layer.Engine.RunAsync(CompileShaped(source, string.Empty), CancellationToken.None);

            // Nothing ran in the session: it was committed, and the run went to a fresh container of the image, with no network.
            Assert.Equal(0, compile.ExitCode);
            Assert.Equal("installed", compile.StandardOutput.Trim());
            Assert.Equal("lo", File.ReadAllText(Path.Combine(source.HostPath, "interfaces")).Trim());
            Assert.True(await engine.ImageExistsAsync(tag, CancellationToken.None));
            Assert.Contains("still has a network", logText.ToString(), StringComparison.Ordinal);
            Assert.DoesNotContain((await engine.ListAsync(CancellationToken.None)).Select(c => c.BuildId), id => id == buildId);
        }
        finally
        {
            await CleanUpAsync(engine, container);
        }
    }

    public void Dispose()
    {
        output.WriteLine(logText.ToString());
        temp.Dispose();
    }
}
