using KmodForge.TestSupport.Storage;
using System.Diagnostics;
using KmodForge.Containers;
using KmodForge.Images;
using KmodForge.Images.ImageCache;
using KmodForge.Targets;
using KmodForge.Tests.GitHub;
using KmodForge.Tests.Targets;
using Xunit.Abstractions;
using KmodForge.Tests.Support;

namespace KmodForge.Tests.Images.ImageCache;

/// <summary>
/// The real thing: the debian:12 base image built by BaseImageBuilder (its FROM bootstrapped offline and cached under
/// ~/.cache/kmodforge), stored in S3 (s3rver), removed from Podman, restored from the store, used to build the sample
/// module; then, with the store down, built again.
/// </summary>
[Collection("Containers")]
public sealed class ImageCacheEndToEndTests(ITestOutputHelper output) : IDisposable
{
    private static readonly DistroVersion Debian12 = DistroRegistry.Debian.GetVersion("12");
    private readonly string work = Directory.CreateTempSubdirectory("kmodforge-imagecache-e2e-").FullName;
    private readonly RecordingLog log = new();

    public void Dispose()
    {
        foreach (var line in log.Lines)
        {
            output.WriteLine(line);
        }

        Directory.Delete(work, recursive: true);
    }

    [Fact(Timeout = 1_800_000)]
    public async Task Debian12_image_is_stored_removed_restored_builds_the_sample_module_and_is_rebuilt_when_the_store_is_down()
    {
        var engine = ContainerEngineFactory.Create(new ContainerSettings(), log);
        using var server = S3rverServer.Start();
        using var blobs = server.Store(log);
        var baseImages = new BaseImageSettings();
        var key = new BaseImageKeyCalculator(RepoPaths.Root).Compute(DistroRegistry.Debian, Debian12, Architecture.X86_64);

        var first = await Provider(engine, blobs, baseImages, "job1", upload: true).EnsureAsync(DistroRegistry.Debian, Debian12, Architecture.X86_64, default);
        output.WriteLine($"first: {first.Source}: {string.Join(" | ", first.Notes)}");
        if (first.Source != BaseImageSource.Built)
        {
            // An earlier run left the keyed image: publish it as the BaseImages task would.
            await new ImageArchiveStore(blobs, engine, Path.Combine(work, "job1"), log).PublishAsync(key, ImageCompression.Gzip, default);
        }

        Assert.True(await blobs.ExistsAsync(key.ChecksumKey(ImageCompression.Gzip), default));

        await RemoveAsync(engine, key);
        var restored = await Provider(engine, blobs, baseImages, "job2").EnsureAsync(DistroRegistry.Debian, Debian12, Architecture.X86_64, default);
        output.WriteLine($"restored: {restored.Source}: {string.Join(" | ", restored.Notes)}");

        Assert.Equal(BaseImageSource.Cache, restored.Source);
        Assert.True(await engine.ImageExistsAsync(key.Tag, default));
        var restoredId = (await engine.InspectImageAsync(key.Tag, default))!.Id;
        await BuildSampleModuleAsync(engine, key.Tag);

        server.Stop();
        await RemoveAsync(engine, key);
        var rebuilt = await Provider(engine, blobs, baseImages, "job3").EnsureAsync(DistroRegistry.Debian, Debian12, Architecture.X86_64, default);
        output.WriteLine($"store down: {rebuilt.Source}: {string.Join(" | ", rebuilt.Notes)}");

        Assert.Equal(BaseImageSource.Built, rebuilt.Source);
        Assert.Contains(rebuilt.Notes, n => n.StartsWith("cache: ", StringComparison.Ordinal) && n.Contains("cannot reach the store", StringComparison.Ordinal));
        Assert.True(await engine.ImageExistsAsync(key.KeyedTag, default));

        // Put back the image the other tests' per-kernel header layers were built on (they are keyed by its ID): the
        // archive job2 restored is still in its cache directory.
        await RemoveAsync(engine, key);
        var archive = Directory.GetFiles(Path.Combine(work, "job2"), key.FileName(ImageCompression.Gzip), SearchOption.AllDirectories).Single();
        await ImageArchiveCodec.DecompressAsync(archive, Path.Combine(work, "restore.tar"), ImageCompression.Gzip, log, default);
        await engine.LoadAsync(Path.Combine(work, "restore.tar"), default);
        await engine.TagAsync(key.KeyedTag, key.Tag, default);
        Assert.Equal((await engine.InspectImageAsync(key.Tag, default))!.Id, restoredId);
    }

    private CachedBaseImageProvider Provider(IContainerEngine engine, KmodForge.Storage.IBlobStore store, BaseImageSettings baseImages, string job, bool upload = false) =>
        ImageCacheFactory.Provider(engine, store, baseImages, new ImageCacheSettings { Directory = Path.Combine(work, job), Upload = upload }, RepoPaths.Root, log);

    private static async Task RemoveAsync(IContainerEngine engine, BaseImageKey key)
    {
        foreach (var tag in new[] { key.Tag, key.KeyedTag })
        {
            if (await engine.ImageExistsAsync(tag, default))
            {
                await engine.RemoveImageAsync(tag, default);
            }
        }

        Assert.False(await engine.ImageExistsAsync(key.Tag, default));
    }

    /// <summary>Compiles kfsample inside the image against the host's Debian 12 headers (mounted read-only, no network) and checks the .ko.</summary>
    private async Task BuildSampleModuleAsync(IContainerEngine engine, string image)
    {
        var headers = Directory.GetDirectories("/usr/src", "linux-headers-*-amd64").Order(StringComparer.Ordinal).LastOrDefault()
            ?? throw new InvalidOperationException("No /usr/src/linux-headers-*-amd64: run .ci/install.sh (it installs linux-headers-amd64).");
        var kbuild = Directory.GetDirectories("/usr/lib", "linux-kbuild-*").Single();
        var source = Path.Combine(work, "kfsample");
        Directory.CreateDirectory(source);
        foreach (var file in Directory.GetFiles(RepoPaths.Sample))
        {
            File.Copy(file, Path.Combine(source, Path.GetFileName(file)));
        }

        var result = await engine.RunAsync(new ContainerRunRequest(image, ["make", "-C", headers, "M=/build", "KFSAMPLE_VERSION=0.0.7", "modules"])
        {
            Mounts = [new Mount("/usr/src", "/usr/src", ReadOnly: true), new Mount(kbuild, kbuild, ReadOnly: true), new Mount(source, "/build")],
            Network = "none",
            Timeout = TimeSpan.FromMinutes(5),
        }, default);
        Assert.True(result.ExitCode == 0, $"make failed ({result.ExitCode}): {result.StandardError}");

        var ko = Directory.GetFiles(source, "*.ko").Single();
        using var modinfo = Process.Start(new ProcessStartInfo("modinfo", ["-F", "vermagic", ko]) { RedirectStandardOutput = true })!;
        var vermagic = await modinfo.StandardOutput.ReadToEndAsync();
        await modinfo.WaitForExitAsync();
        Assert.StartsWith(Path.GetFileName(headers)["linux-headers-".Length..] + " ", vermagic, StringComparison.Ordinal);
    }
}
