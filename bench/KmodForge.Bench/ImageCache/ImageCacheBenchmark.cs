using System.Diagnostics;
using System.Globalization;
using KmodForge.Containers;
using KmodForge.Diagnostics;
using KmodForge.Images;
using KmodForge.Images.ImageCache;
using KmodForge.Storage.S3;
using KmodForge.Targets;
using KmodForge.TestSupport.Storage;

namespace KmodForge.Bench.ImageCache;

/// <summary>
/// The debian:12 (x86_64) base image: a build by BaseImageBuilder with the base image removed (its FROM root filesystem
/// kept), then for each compression (zstd, gzip, none) save, compress, upload to S3 (s3rver on 127.0.0.1), download,
/// decompress and load, with sizes. The headline is restore (download + decompress + load) / build.
/// </summary>
public static class ImageCacheBenchmark
{
    public static async Task<int> RunAsync(string[] args)
    {
        var root = FindRepositoryRoot();
        var log = NullBuildLog.Instance;
        var engine = ContainerEngineFactory.Create(new ContainerSettings(), log);
        var version = DistroRegistry.Debian.GetVersion("12");
        var key = new BaseImageKeyCalculator(root).Compute(DistroRegistry.Debian, version, Architecture.X86_64);
        var builder = BaseImageBuilder.Create(engine, new BaseImageSettings(), root, log);
        var work = Directory.CreateTempSubdirectory("kmodforge-bench-imagecache-").FullName;
        Console.WriteLine($"imagecache: {key.Tag} (content key {key.Hash}), engine {engine.Name}, work folder {work}");

        try
        {
            // Build: the base image removed (both tags); its FROM image (the bootstrapped root filesystem) stays.
            await RemoveAsync(engine, key);
            var clock = Stopwatch.StartNew();
            var built = await new CachedBaseImageProvider(builder, engine, null, new BaseImageKeyCalculator(root), new ImageCacheSettings { Directory = work }, log)
                .EnsureAsync(DistroRegistry.Debian, version, Architecture.X86_64, default);
            var build = clock.Elapsed;
            Console.WriteLine($"build: {build.TotalSeconds:0.0} s ({built.Source}; {string.Join("; ", built.Notes.Where(n => n.StartsWith("build:", StringComparison.Ordinal)))})");

            using var server = S3rverServer.Start();
            using var store = new S3BlobStore(
                new S3Settings { Bucket = S3rverServer.Bucket, EndpointUrl = server.EndpointUrl, ForcePathStyle = true, PartSizeMiB = 16 },
                log, S3rverServer.Credentials);
            Console.WriteLine();
            Console.WriteLine("compression   tar MiB  archive MiB   save s  compress s  upload s  download s  decompress s  load s  restore s  restore/build");
            foreach (var compression in new[] { ImageCompression.Zstd, ImageCompression.Gzip, ImageCompression.None })
            {
                var publishing = new ImageArchiveStore(store, engine, Path.Combine(work, "publish-" + compression), log);
                var published = await publishing.PublishAsync(key, compression, default);
                await RemoveAsync(engine, key);
                var notes = new List<string>();
                var restored = await new ImageArchiveStore(store, engine, Path.Combine(work, "restore-" + compression), log).RestoreAsync(key, compression, notes, default)
                    ?? throw new InvalidOperationException("restore failed: " + string.Join("; ", notes));
                await engine.TagAsync(key.KeyedTag, key.Tag, default);
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"{compression,-11} {Mib(published.TarBytes),9} {Mib(published.ArchiveBytes),12} {published.Save.TotalSeconds,8:0.0} {published.Compress.TotalSeconds,11:0.0} {published.Upload.TotalSeconds,9:0.0} "
                    + $"{restored.Download.TotalSeconds,11:0.0} {restored.Decompress.TotalSeconds,13:0.0} {restored.Load.TotalSeconds,7:0.0} {restored.Restore.TotalSeconds,10:0.0} {restored.Restore / build,14:0.000}"));
                Directory.Delete(Path.Combine(work, "publish-" + compression), recursive: true);
                Directory.Delete(Path.Combine(work, "restore-" + compression), recursive: true);
            }

            Console.WriteLine();
            Console.WriteLine("build = BaseImageBuilder with kmodforge/base-debian:12-amd64 removed and its FROM (bootstrapped debian:12 root filesystem) present;");
            Console.WriteLine("restore = download from s3rver on 127.0.0.1 + decompress + podman load (the image removed before each restore).");
            return 0;
        }
        finally
        {
            Directory.Delete(work, recursive: true);
        }
    }

    private static string Mib(long bytes) => (bytes / (1024.0 * 1024)).ToString("0.0", CultureInfo.InvariantCulture);

    private static async Task RemoveAsync(IContainerEngine engine, BaseImageKey key)
    {
        foreach (var tag in new[] { key.Tag, key.KeyedTag })
        {
            if (await engine.ImageExistsAsync(tag, default))
            {
                await engine.RemoveImageAsync(tag, default);
            }
        }
    }

    private static string FindRepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "KmodForge.sln")))
            {
                return dir.FullName;
            }
        }

        return Directory.GetCurrentDirectory();
    }
}
