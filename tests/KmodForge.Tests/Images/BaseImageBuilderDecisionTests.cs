using KmodForge.Diagnostics;
using KmodForge.Images;
using KmodForge.Targets;
using KmodForge.Tests.Containers;
using KmodForge.Tests.Support;

namespace KmodForge.Tests.Images;

public sealed class BaseImageBuilderDecisionTests : IDisposable
{
    private readonly string cache = Path.Combine(Path.GetTempPath(), "kmodforge-cache-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(cache))
        {
            Directory.Delete(cache, recursive: true);
        }
    }

    private BaseImageBuilder Builder(ScriptedContainerEngine engine) =>
        new(engine, _ => throw new InvalidOperationException("no host command expected"), new BaseImageSettings { CacheDirectory = cache }, RepoPaths.Root, NullBuildLog.Instance);

    [Fact]
    public async Task A_present_base_image_is_used_as_is_without_building()
    {
        var engine = new ScriptedContainerEngine("kmodforge/base-debian:12-amd64");

        var result = await Builder(engine).EnsureAsync(DistroRegistry.Debian, DistroRegistry.Debian.GetVersion("12"), Architecture.X86_64, CancellationToken.None);

        Assert.Equal(BaseImageSource.Local, result.Source);
        Assert.Equal(["exists kmodforge/base-debian:12-amd64"], engine.Calls);
    }

    [Fact]
    public async Task A_bootstrapped_root_filesystem_image_is_passed_as_BASE_IMAGE_without_pulling()
    {
        var engine = new ScriptedContainerEngine("kmodforge/rootfs-debian:12-arm64");

        var result = await Builder(engine).EnsureAsync(DistroRegistry.Debian, DistroRegistry.Debian.GetVersion("12"), Architecture.Aarch64, CancellationToken.None);

        Assert.Equal(BaseImageSource.Built, result.Source);
        Assert.DoesNotContain(engine.Calls, c => c.StartsWith("pull", StringComparison.Ordinal));
        var build = Assert.Single(engine.Builds);
        Assert.Equal("linux/arm64", build.Platform);
        Assert.Equal("kmodforge/rootfs-debian:12-arm64", build.BuildArgs["BASE_IMAGE"]);
        Assert.Equal("12", build.BuildArgs["DEBIAN_VERSION"]);
        Assert.Contains("using the bootstrapped root filesystem image kmodforge/rootfs-debian:12-arm64", result.Notes);
    }

    [Fact]
    public async Task Without_a_pullable_FROM_image_a_distribution_without_bootstrap_fails_with_the_reasons()
    {
        var engine = new ScriptedContainerEngine();
        var fedora = DistroRegistry.Fedora;
        var repository = Path.Combine(cache, "repo");
        Directory.CreateDirectory(Path.Combine(repository, "docker"));
        File.WriteAllText(Path.Combine(repository, fedora.Dockerfile), "ARG FEDORA_VERSION=43\nFROM fedora:${FEDORA_VERSION}\n");
        var builder = new BaseImageBuilder(engine, _ => throw new InvalidOperationException("no host command expected"),
            new BaseImageSettings { CacheDirectory = cache }, repository, NullBuildLog.Instance);

        var e = await Assert.ThrowsAsync<BaseImageException>(() => builder.EnsureAsync(fedora, fedora.GetVersion("43"), Architecture.X86_64, CancellationToken.None));

        Assert.Contains("fedora:43 is not present in podman", e.Notes);
        Assert.Contains(e.Notes, n => n.StartsWith("pull fedora:43 for linux/amd64 failed: Error: initializing source", StringComparison.Ordinal));
        Assert.Contains("has no offline bootstrap", e.Message, StringComparison.Ordinal);
        Assert.Empty(engine.Builds);
    }

    [Fact]
    public async Task A_missing_Dockerfile_is_reported_before_anything_is_pulled()
    {
        var engine = new ScriptedContainerEngine();
        var builder = new BaseImageBuilder(engine, _ => throw new InvalidOperationException("no host command expected"),
            new BaseImageSettings { CacheDirectory = cache }, cache, NullBuildLog.Instance);

        var e = await Assert.ThrowsAsync<BaseImageException>(() => builder.EnsureAsync(DistroRegistry.Ubuntu, DistroRegistry.Ubuntu.GetVersion("24.04"), Architecture.X86_64, CancellationToken.None));

        Assert.Contains("Dockerfile.base.ubuntu does not exist", e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(engine.Calls, c => c.StartsWith("pull", StringComparison.Ordinal));
    }
}
