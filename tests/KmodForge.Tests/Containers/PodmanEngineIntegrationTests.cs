using System.Formats.Tar;
using KmodForge.Containers;
using KmodForge.Targets;

namespace KmodForge.Tests.Containers;

/// <summary>The engine against real Podman, on a tiny imported image (one text file, no binaries).</summary>
[Collection("Containers")]
public sealed class PodmanEngineIntegrationTests : IDisposable
{
    private readonly string directory = Path.Combine(Path.GetTempPath(), "kmodforge-engine-" + Guid.NewGuid().ToString("N"));
    private readonly string id = Guid.NewGuid().ToString("N")[..10];
    private readonly CliContainerEngine engine = PodmanFixture.Engine();

    public void Dispose()
    {
        if (Directory.Exists(directory))
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Fact]
    public async Task Import_save_remove_load_and_tag_round_trip_a_small_image()
    {
        var image = $"kmodforge-test/tiny:{id}";
        var retag = $"kmodforge-test/tiny:{id}-b";
        var rootfs = Path.Combine(directory, "rootfs");
        Directory.CreateDirectory(rootfs);
        File.WriteAllText(Path.Combine(rootfs, "hello.txt"), "hello\n");
        var rootfsTar = Path.Combine(directory, "rootfs.tar");
        await TarFile.CreateFromDirectoryAsync(rootfs, rootfsTar, includeBaseDirectory: false);
        var platform = (ArchitectureNames.Host() ?? Architecture.X86_64).OciPlatform();
        try
        {
            await engine.ImportAsync(rootfsTar, image, platform, CancellationToken.None);
            Assert.True(await engine.ImageExistsAsync(image, CancellationToken.None));
            var imported = await engine.InspectImageAsync(image, CancellationToken.None);
            Assert.NotNull(imported);
            Assert.Equal(platform, $"{imported.Os}/{imported.Architecture}");

            var saved = Path.Combine(directory, "saved.tar");
            await engine.SaveAsync(image, saved, CancellationToken.None);
            Assert.Contains("manifest.json", ArchiveEntries(saved));
            Assert.Empty(Directory.EnumerateFiles(directory, ".saved.tar.*"));

            await engine.RemoveImageAsync(image, CancellationToken.None);
            Assert.False(await engine.ImageExistsAsync(image, CancellationToken.None));
            Assert.Null(await engine.InspectImageAsync(image, CancellationToken.None));

            await engine.LoadAsync(saved, CancellationToken.None);
            Assert.True(await engine.ImageExistsAsync(image, CancellationToken.None));

            await engine.TagAsync(image, retag, CancellationToken.None);
            var a = await engine.InspectImageAsync(image, CancellationToken.None);
            var b = await engine.InspectImageAsync(retag, CancellationToken.None);
            Assert.Equal(a!.Id, b!.Id);
            Assert.Equal(imported.Id, a.Id);
        }
        finally
        {
            await RemoveQuietly(image);
            await RemoveQuietly(retag);
        }
    }

    [Fact]
    public async Task An_engine_error_carries_the_command_line_and_the_engine_message()
    {
        var missing = $"kmodforge-test/missing:{id}";

        var e = await Assert.ThrowsAsync<ContainerEngineException>(() => engine.TagAsync(missing, $"kmodforge-test/other:{id}", CancellationToken.None));

        Assert.Contains($"`podman tag {missing} kmodforge-test/other:{id}` failed with exit code {e.ExitCode}", e.Message, StringComparison.Ordinal);
        Assert.Contains("image not known", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Image_exists_is_false_for_an_image_that_is_not_there()
    {
        Assert.False(await engine.ImageExistsAsync($"kmodforge-test/missing:{id}", CancellationToken.None));
    }

    private async Task RemoveQuietly(string image)
    {
        if (await engine.ImageExistsAsync(image, CancellationToken.None))
        {
            await engine.RemoveImageAsync(image, CancellationToken.None);
        }
    }

    private static List<string> ArchiveEntries(string tar)
    {
        using var reader = new TarReader(File.OpenRead(tar));
        var names = new List<string>();
        while (reader.GetNextEntry() is { } entry)
        {
            names.Add(entry.Name);
        }

        return names;
    }
}
