using KmodForge.Containers;
using KmodForge.Diagnostics;
using KmodForge.Images;
using KmodForge.Targets;
using KmodForge.Tests.Modules;
using KmodForge.Tests.Support;
using Xunit.Abstractions;

namespace KmodForge.Tests.Loader;

/// <summary>
/// The loader as nodes run it: published as a NativeAOT binary (the README's command), built into its image by
/// docker/Dockerfile.loader on the bootstrapped minimal Debian 12, and run in a container with the DaemonSet's
/// arguments against a host root with a real os-release and a published, signed package (verified against a pinned key). insmod is a stand-in that records its
/// arguments: nothing is loaded.
/// </summary>
[Collection("Containers")]
public sealed class NativeLoaderImageTests(ITestOutputHelper output) : IDisposable
{
    private const string Image = "kmodforge/test-loader:native";
    private const long MaxBinaryBytes = 25L * 1024 * 1024;
    private readonly TempDirectory temp = new();

    [ContainerFact]
    public async Task The_published_native_loader_runs_in_its_image_and_extracts_the_driver_for_the_nodes_kernel()
    {
        var binary = Publish();
        var size = new FileInfo(binary).Length;
        output.WriteLine($"kmodforge-loader: {size:N0} bytes");
        Assert.InRange(size, 1, MaxBinaryBytes);
        var text = File.ReadAllText(binary);
        Assert.All(new[] { "Octokit", "Amazon.S3", "Cake.Core" }, name => Assert.DoesNotContain(name, text, StringComparison.Ordinal));

        var log = BuildLogFactory.Create(new BuildLogOptions(), _ => null, new StringWriter());
        var engine = ContainerEngineFactory.Create(new ContainerSettings(), log);
        var debian = DistroRegistry.Debian;
        await BaseImageBuilder.Create(engine, new BaseImageSettings(), RepoPaths.Root, log)
            .EnsureAsync(debian, debian.GetVersion("12"), Architecture.X86_64, CancellationToken.None);
        await engine.BuildAsync(new ImageBuildRequest(Path.Combine(RepoPaths.Root, "docker", "Dockerfile.loader"), temp.Combine("context"), Image)
        {
            BuildArgs = new Dictionary<string, string> { ["BASE"] = "kmodforge/rootfs-debian:12-amd64", ["TARGETARCH"] = "amd64" },
            Platform = "linux/amd64",
        }, CancellationToken.None);

        using var sample = new SampleModuleFixture();
        var target = BuildTarget.Create("debian", "12", sample.KernelRelease, "x86_64", "v0.1.0");
        using var node = await LoaderNode.CreateAsync(temp, target, sample.KoPath, "native-image");

        var run = await engine.RunAsync(new ContainerRunRequest(Image, node.Arguments)
        {
            Mounts = node.Mounts,
            Platform = "linux/amd64",
            Timeout = TimeSpan.FromMinutes(2),
        }, CancellationToken.None);

        output.WriteLine(run.StandardOutput + run.StandardError);
        Assert.True(run.ExitCode == 0, run.StandardError);
        Assert.Contains($"→ debian 12 x86_64 {sample.KernelRelease} driver v0.1.0; package {node.File}", run.StandardOutput + run.StandardError, StringComparison.Ordinal);
        Assert.Contains($"signed by trusted key {node.Key.PublicKey.Id}", run.StandardOutput + run.StandardError, StringComparison.Ordinal);
        Assert.Equal(node.ExpectedInsmod("kfsample.ko"), Assert.Single(node.Recorded()));
    }

    /// <summary>Publishes the loader the way docs/loader.md says, into the image's build context.</summary>
    private string Publish()
    {
        var into = temp.Combine("context", "artifacts", "loader", "linux-amd64");
        ProcessRunner.Run("dotnet", ["publish", Path.Combine(RepoPaths.Root, "src", "KmodForge.Loader"), "-c", "Release", "-r", "linux-x64", "-o", into, "--nologo"], RepoPaths.Root, timeout: TimeSpan.FromMinutes(15))
            .EnsureSuccess("dotnet publish of the loader (NativeAOT)");
        return Path.Combine(into, "kmodforge-loader");
    }

    public void Dispose() => temp.Dispose();
}
