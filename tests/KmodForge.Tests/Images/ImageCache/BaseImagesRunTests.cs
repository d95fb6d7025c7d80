using KmodForge.TestSupport.Storage;
using KmodForge.Images;
using KmodForge.Images.ImageCache;
using KmodForge.Targets;
using KmodForge.Tests.GitHub;

namespace KmodForge.Tests.Images.ImageCache;

public sealed class BaseImagesRunTests : IDisposable
{
    private readonly S3rverServer server = S3rverServer.Start();
    private readonly TempRepository repo = new();
    private readonly string cacheDir = Directory.CreateTempSubdirectory("kmodforge-baseimages-").FullName;
    private readonly RecordingLog log = new();

    public void Dispose()
    {
        server.Dispose();
        repo.Dispose();
        Directory.Delete(cacheDir, recursive: true);
    }

    [Fact]
    public async Task Publishes_what_the_store_lacks_then_skips_it_the_next_week()
    {
        using var store = server.Store(log);
        var engine = new RecordingContainerEngine();
        var builder = new RecordingBuilder(engine);
        var settings = new ImageCacheSettings { Directory = cacheDir, Images = ["debian:12", "ubuntu:24.04"], Architectures = ["x86_64"], Registry = "ghcr.io/acme", RegistryPush = true };

        var first = await Run(engine, builder, store, settings).RunAsync(default);
        var second = await Run(engine, builder, store, settings).RunAsync(default);

        Assert.All(first.Results, r => Assert.Equal(BaseImageOutcome.Published, r.Outcome));
        Assert.All(second.Results, r => Assert.Equal(BaseImageOutcome.AlreadyCached, r.Outcome));
        Assert.Equal(2, builder.Builds);
        var key = new BaseImageKeyCalculator(repo.Root).Compute(DistroRegistry.Debian, DistroRegistry.Debian.GetVersion("12"), Architecture.X86_64);
        Assert.True(await store.ExistsAsync(key.ObjectKey(ImageCompression.Gzip), default));
        Assert.True(await store.ExistsAsync(key.ChecksumKey(ImageCompression.Gzip), default));
        Assert.Contains($"push {key.RegistryReference("ghcr.io/acme")}", engine.Calls);
        second.EnsureSucceeded();
    }

    [Fact]
    public async Task One_failing_image_does_not_stop_the_others_and_fails_the_run_at_the_end()
    {
        using var store = server.Store(log);
        var engine = new RecordingContainerEngine();
        var builder = new RecordingBuilder(engine)
        {
            Fail = d => d.Id == "ubuntu" ? new BaseImageException("Cannot build kmodforge/base-ubuntu:24.04-amd64: FROM ubuntu:24.04 cannot be pulled.", []) : null,
        };
        var settings = new ImageCacheSettings { Directory = cacheDir, Images = ["ubuntu:24.04", "debian:12"], Architectures = ["x86_64"] };

        var report = await Run(engine, builder, store, settings).RunAsync(default);

        Assert.Equal([BaseImageOutcome.Failed, BaseImageOutcome.Published], report.Results.Select(r => r.Outcome));
        var e = Assert.Throws<BaseImageException>(report.EnsureSucceeded);
        Assert.Contains("1 of 2 base images", e.Message, StringComparison.Ordinal);
        Assert.Contains("ubuntu:24.04:x86_64", e.Message, StringComparison.Ordinal);
        Assert.Contains(log.Lines, l => l.StartsWith("error: ubuntu:24.04:x86_64", StringComparison.Ordinal));
    }

    private BaseImagesRun Run(RecordingContainerEngine engine, RecordingBuilder builder, KmodForge.Storage.IBlobStore store, ImageCacheSettings settings) =>
        new(builder, engine, new ImageArchiveStore(store, engine, cacheDir, log), new BaseImageKeyCalculator(repo.Root), settings, log);
}
