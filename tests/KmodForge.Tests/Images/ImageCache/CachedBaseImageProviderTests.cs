using KmodForge.TestSupport.Storage;
using KmodForge.Images;
using KmodForge.Images.ImageCache;
using KmodForge.Storage;
using KmodForge.Targets;
using KmodForge.Tests.GitHub;

namespace KmodForge.Tests.Images.ImageCache;

/// <summary>The cache's source order and fallbacks, with a recording engine and the real S3 store on s3rver.</summary>
public sealed class CachedBaseImageProviderTests : IClassFixture<CachedBaseImageProviderTests.Server>, IDisposable
{
    private static readonly DistroVersion Debian12 = DistroRegistry.Debian.GetVersion("12");
    private readonly S3rverServer server;
    private readonly TempRepository repo = new();
    private readonly string cacheDir = Directory.CreateTempSubdirectory("kmodforge-imagecache-").FullName;
    private readonly RecordingLog log = new();

    public CachedBaseImageProviderTests(Server fixture) => server = fixture.Instance;

    public void Dispose()
    {
        repo.Dispose();
        Directory.Delete(cacheDir, recursive: true);
    }

    [Fact]
    public async Task Local_image_with_the_content_key_tag_is_used_without_touching_the_store()
    {
        var engine = new RecordingContainerEngine();
        var key = Key();
        engine.AddImage(key.KeyedTag, "abc");
        var prefix = Prefix();
        using var store = server.Store(prefix: prefix);

        var result = await Provider(engine, store).EnsureAsync(DistroRegistry.Debian, Debian12, Architecture.X86_64, default);

        Assert.Equal(BaseImageSource.Local, result.Source);
        Assert.Equal("abc", engine.Tags[key.Tag]);
        // Its ID comes with it: the header layer (keyed by it) does not inspect the image again.
        Assert.Equal("abc", result.Id);
        Assert.DoesNotContain(server.Lines, l => l.Contains(prefix, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(null, true)]
    [InlineData("old", true)]
    [InlineData("abc", false)]
    public async Task The_plain_tag_is_moved_to_the_local_keyed_image_only_when_it_names_another(string? plainTagId, bool tagged)
    {
        var engine = new RecordingContainerEngine();
        var key = Key();
        engine.AddImage(key.KeyedTag, "abc");
        if (plainTagId is not null)
        {
            engine.AddImage(key.Tag, plainTagId);
        }

        using var store = server.Store(prefix: Prefix());
        await Provider(engine, store).EnsureAsync(DistroRegistry.Debian, Debian12, Architecture.X86_64, default);

        Assert.Equal("abc", engine.Tags[key.Tag]);
        Assert.Equal(tagged, engine.Calls.Contains($"tag {key.KeyedTag} {key.Tag}"));
    }

    [Fact]
    public async Task Stale_local_image_is_rebuilt_and_the_notes_say_why_each_source_did_not_serve()
    {
        var engine = new RecordingContainerEngine();
        var key = Key();
        engine.AddImage(key.Tag, "stale");
        using var store = server.Store(prefix: Prefix());
        var builder = new RecordingBuilder(engine);

        var result = await Provider(engine, store, builder).EnsureAsync(DistroRegistry.Debian, Debian12, Architecture.X86_64, default);

        Assert.Equal(BaseImageSource.Built, result.Source);
        Assert.Equal(1, builder.Builds);
        Assert.NotEqual("stale", engine.Tags[key.Tag]);
        Assert.Equal(engine.Tags[key.Tag], engine.Tags[key.KeyedTag]);
        Assert.Contains(result.Notes, n => n.StartsWith("local: ", StringComparison.Ordinal) && n.Contains("not from content key", StringComparison.Ordinal));
        Assert.Contains(result.Notes, n => n.StartsWith("cache: ", StringComparison.Ordinal) && n.Contains("has no tarball", StringComparison.Ordinal));
        Assert.Contains(result.Notes, n => n.StartsWith("registry: none configured", StringComparison.Ordinal));
        Assert.Contains("cache: not uploaded (--image-cache-upload is off)", result.Notes);
    }

    [Fact]
    public async Task Image_built_and_uploaded_by_one_job_is_restored_from_the_store_by_the_next()
    {
        var prefix = Prefix();
        using var store = server.Store(log, prefix);
        var first = new RecordingContainerEngine();
        var built = await Provider(first, store, upload: true).EnsureAsync(DistroRegistry.Debian, Debian12, Architecture.X86_64, default);
        Assert.Equal(BaseImageSource.Built, built.Source);
        Assert.Contains(built.Notes, n => n.StartsWith("cache: uploaded to", StringComparison.Ordinal));

        var second = new RecordingContainerEngine();
        var otherCache = Path.Combine(cacheDir, "job2");
        var builder = new RecordingBuilder(second);
        var restored = await Provider(second, store, builder, cacheDirectory: otherCache).EnsureAsync(DistroRegistry.Debian, Debian12, Architecture.X86_64, default);

        Assert.Equal(BaseImageSource.Cache, restored.Source);
        Assert.Equal(0, builder.Builds);
        Assert.Equal(first.Tags[Key().KeyedTag], second.Tags[Key().Tag]);
        Assert.Contains(restored.Notes, n => n.StartsWith("local: kmodforge/base-debian:12-amd64 is not present", StringComparison.Ordinal));
        Assert.Contains(restored.Notes, n => n.StartsWith("cache: restored from s3://", StringComparison.Ordinal));
        Assert.True(File.Exists(Path.Combine(otherCache, Key().FileName(ImageCompression.Gzip))));
    }

    [Fact]
    public async Task Unreachable_store_is_a_warning_and_the_image_is_built()
    {
        using var stopped = S3rverServer.Start();
        using var store = stopped.Store(log);
        stopped.Stop();
        var engine = new RecordingContainerEngine();

        var result = await Provider(engine, store, upload: true).EnsureAsync(DistroRegistry.Debian, Debian12, Architecture.X86_64, default);

        Assert.Equal(BaseImageSource.Built, result.Source);
        Assert.Contains(result.Notes, n => n.StartsWith("cache: ", StringComparison.Ordinal) && n.Contains("cannot reach the store", StringComparison.Ordinal));
        Assert.Contains(result.Notes, n => n.StartsWith("cache: upload failed", StringComparison.Ordinal));
        Assert.Contains(log.Warnings, w => w.Contains("Base image cache unavailable", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Corrupt_tarball_is_discarded_fetched_once_more_then_the_image_is_built()
    {
        var prefix = Prefix();
        using var store = server.Store(log, prefix);
        await Provider(new RecordingContainerEngine(), store, upload: true).EnsureAsync(DistroRegistry.Debian, Debian12, Architecture.X86_64, default);
        var key = Key();
        var garbage = Path.Combine(cacheDir, "garbage");
        File.WriteAllBytes(garbage, new byte[1000]);
        await store.PutAsync(key.ObjectKey(ImageCompression.Gzip), garbage, default);

        var engine = new RecordingContainerEngine();
        var builder = new RecordingBuilder(engine);
        var result = await Provider(engine, store, builder, cacheDirectory: Path.Combine(cacheDir, "job2")).EnsureAsync(DistroRegistry.Debian, Debian12, Architecture.X86_64, default);

        Assert.Equal(BaseImageSource.Built, result.Source);
        Assert.Equal(1, builder.Builds);
        Assert.Equal(2, result.Notes.Count(n => n.Contains("(truncated or corrupt): discarded", StringComparison.Ordinal)));
        Assert.Contains(result.Notes, n => n.Contains("was corrupt after 2 downloads", StringComparison.Ordinal));
        // Two GETs of the 1000-byte garbage object (s3rver logs "<path> <status> <time> <response bytes>").
        Assert.Equal(2, await server.CountLinesAsync(
            l => l.Contains($"{prefix}/{key.ObjectKey(ImageCompression.Gzip)} 200", StringComparison.Ordinal) && l.EndsWith(" 1000b", StringComparison.Ordinal), 2, TimeSpan.FromSeconds(10)));
        Assert.DoesNotContain("load", engine.Calls);
    }

    [Fact]
    public async Task Corrupt_tarball_in_the_cache_folder_is_replaced_by_a_fresh_download()
    {
        using var store = server.Store(log, Prefix());
        await Provider(new RecordingContainerEngine(), store, upload: true).EnsureAsync(DistroRegistry.Debian, Debian12, Architecture.X86_64, default);
        var cached = Path.Combine(cacheDir, Key().FileName(ImageCompression.Gzip));
        await using (var file = File.OpenWrite(cached))
        {
            file.SetLength(file.Length / 2);
        }

        var engine = new RecordingContainerEngine();
        var result = await Provider(engine, store).EnsureAsync(DistroRegistry.Debian, Debian12, Architecture.X86_64, default);

        Assert.Equal(BaseImageSource.Cache, result.Source);
        Assert.Single(result.Notes, n => n.Contains("discarded", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Registry_is_tried_after_the_store_and_a_failed_pull_falls_back_to_building()
    {
        var key = Key();
        var settings = new ImageCacheSettings { Directory = cacheDir, Registry = "ghcr.io/acme" };
        var pulling = new RecordingContainerEngine();
        pulling.Pullable.Add(key.RegistryReference("ghcr.io/acme"));
        var failing = new RecordingContainerEngine();

        var pulled = await Provider(pulling, null, settings: settings).EnsureAsync(DistroRegistry.Debian, Debian12, Architecture.X86_64, default);
        var built = await Provider(failing, null, settings: settings).EnsureAsync(DistroRegistry.Debian, Debian12, Architecture.X86_64, default);

        Assert.Equal(BaseImageSource.Registry, pulled.Source);
        Assert.True(pulling.Tags.ContainsKey(key.KeyedTag));
        Assert.Equal(BaseImageSource.Built, built.Source);
        Assert.Contains(built.Notes, n => n.StartsWith($"registry: pull {key.RegistryReference("ghcr.io/acme")} failed", StringComparison.Ordinal));
        Assert.Contains("cache: no image store configured", built.Notes);
    }

    private static string Prefix() => "t" + Guid.NewGuid().ToString("N")[..12];

    private BaseImageKey Key() => new BaseImageKeyCalculator(repo.Root).Compute(DistroRegistry.Debian, Debian12, Architecture.X86_64);

    private CachedBaseImageProvider Provider(
        RecordingContainerEngine engine, IBlobStore? store, RecordingBuilder? builder = null, bool upload = false, string? cacheDirectory = null, ImageCacheSettings? settings = null)
    {
        settings ??= new ImageCacheSettings { Directory = cacheDirectory ?? cacheDir, Upload = upload };
        var archives = store is null ? null : new ImageArchiveStore(store, engine, settings.ResolvedDirectory, log);
        return new CachedBaseImageProvider(builder ?? new RecordingBuilder(engine), engine, archives, new BaseImageKeyCalculator(repo.Root), settings, log);
    }

    public sealed class Server : IDisposable
    {
        public S3rverServer Instance { get; } = S3rverServer.Start();

        public void Dispose() => Instance.Dispose();
    }
}
