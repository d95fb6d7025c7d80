using KmodForge.Containers.Tooling;
using Xunit.Abstractions;
using KmodForge.Containers;
using KmodForge.Images;
using KmodForge.Targets;
using KmodForge.Tests.Containers;
using KmodForge.Tests.GitHub;
using KmodForge.Tests.Support;

namespace KmodForge.Tests.Images;

/// <summary>
/// Builds (first run: bootstraps debian:12 offline with debootstrap, imports it, builds the toolchain image; later
/// runs: reuse the image and the cached root filesystem under ~/.cache/kmodforge) and checks the image with Podman.
/// </summary>
[Collection("Containers")]
public sealed class DebianBaseImageIntegrationTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Debian_12_base_image_is_built_offline_and_has_the_toolchain_and_complete_apt_sources()
    {
        var arch = ArchitectureNames.Host() ?? throw new InvalidOperationException("Unsupported host architecture.");
        var log = new RecordingLog();
        var engine = PodmanFixture.Engine(log);
        var builder = BaseImageBuilder.Create(engine, new BaseImageSettings(), RepoPaths.Root, log);
        var debian = DistroRegistry.Debian;
        var version = debian.GetVersion("12");

        var result = await builder.EnsureAsync(debian, version, arch, CancellationToken.None);

        foreach (var note in result.Notes)
        {
            output.WriteLine(note);
        }

        Assert.Equal($"kmodforge/base-debian:12-{arch.DebianName()}", result.Tag);
        Assert.True(await engine.ImageExistsAsync(result.Tag, CancellationToken.None));
        if (result.Source == BaseImageSource.Built)
        {
            Assert.Contains(result.Notes, n => n.StartsWith("built kmodforge/base-debian:12-", StringComparison.Ordinal));
        }

        var again = await builder.EnsureAsync(debian, version, arch, CancellationToken.None);
        Assert.Equal(BaseImageSource.Local, again.Source);

        var info = await engine.InspectImageAsync(result.Tag, CancellationToken.None);
        Assert.NotNull(info);
        Assert.Equal(arch.DebianName(), info.Architecture);

        var check = await engine.RunAsync(new ContainerRunRequest(result.Tag,
            ["sh", "-c", "gcc --version | head -n1; . /etc/os-release; echo \"version=$VERSION_ID\"; find /etc/apt/sources.list /etc/apt/sources.list.d -type f -exec cat {} +"])
        {
            Network = "none",
        }, CancellationToken.None);

        Assert.True(check.ExitCode == 0, check.StandardError);
        Assert.Contains("gcc (Debian 12", check.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("version=12", check.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("bookworm-updates", check.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("bookworm-security", check.StandardOutput, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_returns_a_non_zero_exit_code_without_throwing_and_streams_output_to_the_log()
    {
        var (engine, log, tag) = await BaseImage();

        var result = await engine.RunAsync(new ContainerRunRequest(tag, ["sh", "-c", "echo to-stdout; echo to-stderr >&2; exit 3"]) { Network = "none" }, CancellationToken.None);

        Assert.Equal(3, result.ExitCode);
        Assert.Equal("to-stdout\n", result.StandardOutput);
        Assert.Contains("to-stderr", result.StandardError, StringComparison.Ordinal);
        Assert.Contains("verbose: to-stdout", log.Lines);
        Assert.Contains("verbose: stderr: to-stderr", log.Lines);
    }

    [Fact]
    public async Task A_cancelled_run_is_killed_and_its_container_removed()
    {
        var (engine, _, tag) = await BaseImage();
        using var cts = new CancellationTokenSource();
        var marker = "kmodforge-cancel-" + Guid.NewGuid().ToString("N")[..8];

        var running = engine.RunAsync(new ContainerRunRequest(tag, ["sh", "-c", $"echo {marker}; exec sleep 300"]) { Network = "none" }, cts.Token);
        while (!await ContainerListed(engine, marker))
        {
            await Task.Delay(200);
        }

        await cts.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => running);
        Assert.False(await ContainerListed(engine, marker));
    }

    private static async Task<(CliContainerEngine Engine, RecordingLog Log, string Tag)> BaseImage()
    {
        var log = new RecordingLog();
        var engine = PodmanFixture.Engine(log);
        var arch = ArchitectureNames.Host() ?? throw new InvalidOperationException("Unsupported host architecture.");
        var result = await BaseImageBuilder.Create(engine, new BaseImageSettings(), RepoPaths.Root, log)
            .EnsureAsync(DistroRegistry.Debian, DistroRegistry.Debian.GetVersion("12"), arch, CancellationToken.None);
        return (engine, log, result.Tag);
    }

    /// <summary>Whether a container whose command line mentions <paramref name="marker"/> exists (running or not).</summary>
    private static async Task<bool> ContainerListed(CliContainerEngine engine, string marker)
    {
        var ps = await new KmodForge.Containers.Tooling.HostCommand(engine.Name)
            .ExecuteAsync(new KmodForge.Containers.Tooling.CommandSettings(), new KmodForge.Containers.Tooling.CommandArguments().Arg("ps").Arg("--all").Arg("--no-trunc").Arg("--format").Arg("{{.Command}}"), null, CancellationToken.None);
        return ps.StandardOutput.Contains(marker, StringComparison.Ordinal);
    }
}
