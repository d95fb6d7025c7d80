using KmodForge.IO;
using KmodForge.Publishing;

namespace KmodForge.Tests.Publishing;

public sealed class LocalDirectoryReleaseStoreTests : IDisposable
{
    private const string FileName = "kfs-debian-12-6.1.0-28-amd64_v0.1.2_amd64.deb";

    private readonly string _dir = Directory.CreateTempSubdirectory("kmodforge-releases-").FullName;

    private string Root => Path.Combine(_dir, "store");

    private string Package(string content, string name = FileName)
    {
        var dir = Path.Combine(_dir, "in", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        var path = Path.Combine(dir, name);
        File.WriteAllText(path, content);
        return path;
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task Publishes_the_package_and_a_sha256sum_compatible_checksum()
    {
        var store = new LocalDirectoryReleaseStore(Root);

        var stored = await store.PublishAsync("v0.1.2", Package("deb bytes"), CancellationToken.None);

        var published = Path.Combine(Root, "v0.1.2", FileName);
        Assert.Equal(published, stored.Location);
        Assert.Equal(FileHashing.Sha256Hex(published), stored.Sha256);
        Assert.Equal(9, stored.Size);
        var check = Modules.HostProcess.Run("sha256sum", ["-c", FileName + ".sha256"], Path.Combine(Root, "v0.1.2"));
        Assert.Equal(0, check.ExitCode);
        Assert.Equal($"{FileName}: OK\n", check.Stdout);
        Assert.Equal(stored, await store.FindAsync("v0.1.2", FileName, CancellationToken.None));
    }

    [Fact]
    public async Task Publishing_the_same_bytes_twice_is_a_no_op()
    {
        var store = new LocalDirectoryReleaseStore(Root);
        var first = await store.PublishAsync("v1", Package("same"), CancellationToken.None);
        var written = File.GetLastWriteTimeUtc(first.Location);
        File.SetLastWriteTimeUtc(first.Location, written.AddDays(-1));

        var second = await store.PublishAsync("v1", Package("same"), CancellationToken.None);

        Assert.Equal(first, second);
        Assert.Equal(written.AddDays(-1), File.GetLastWriteTimeUtc(first.Location));
    }

    [Fact]
    public async Task Publishing_different_bytes_under_the_same_name_is_a_conflict_naming_both_checksums()
    {
        var store = new LocalDirectoryReleaseStore(Root);
        var first = await store.PublishAsync("v1", Package("one"), CancellationToken.None);
        var other = Package("two");

        var e = await Assert.ThrowsAsync<ReleaseConflictException>(() => store.PublishAsync("v1", other, CancellationToken.None));

        Assert.Contains(first.Sha256, e.Message);
        Assert.Contains(FileHashing.Sha256Hex(other), e.Message);
        Assert.Equal("one", File.ReadAllText(first.Location));
    }

    [Fact]
    public async Task Downloads_and_verifies()
    {
        var store = new LocalDirectoryReleaseStore(Root);
        await store.PublishAsync("v1", Package("payload"), CancellationToken.None);
        var destination = Path.Combine(_dir, "out", FileName);

        var stored = await store.DownloadAsync("v1", FileName, destination, CancellationToken.None);

        Assert.Equal("payload", File.ReadAllText(destination));
        Assert.Equal(FileHashing.Sha256Hex(destination), stored.Sha256);
    }

    [Fact]
    public async Task A_tampered_package_fails_the_download_and_leaves_nothing_behind()
    {
        var store = new LocalDirectoryReleaseStore(Root);
        var stored = await store.PublishAsync("v1", Package("payload"), CancellationToken.None);
        File.WriteAllText(stored.Location, "tampered");
        var outDir = Path.Combine(_dir, "out");
        Directory.CreateDirectory(outDir);

        var e = await Assert.ThrowsAsync<ChecksumMismatchException>(() => store.DownloadAsync("v1", FileName, Path.Combine(outDir, FileName), CancellationToken.None));

        Assert.Contains(stored.Sha256, e.Message);
        Assert.Empty(Directory.GetFileSystemEntries(outDir));
    }

    [Fact]
    public async Task A_package_without_its_checksum_is_not_published()
    {
        var store = new LocalDirectoryReleaseStore(Root);
        Directory.CreateDirectory(Path.Combine(Root, "v1"));
        File.WriteAllText(Path.Combine(Root, "v1", FileName), "half-published");

        Assert.Null(await store.FindAsync("v1", FileName, CancellationToken.None));
        await Assert.ThrowsAsync<FileNotFoundException>(() => store.DownloadAsync("v1", FileName, Path.Combine(_dir, "x"), CancellationToken.None));

        var stored = await store.PublishAsync("v1", Package("complete"), CancellationToken.None);
        Assert.Equal("complete", File.ReadAllText(stored.Location));
    }

    [Fact]
    public async Task A_failed_publish_leaves_no_temporary_files()
    {
        var store = new LocalDirectoryReleaseStore(Root);
        await store.PublishAsync("v1", Package("one"), CancellationToken.None);
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        await Assert.ThrowsAnyAsync<Exception>(() => store.PublishAsync("v1", Package("two"), CancellationToken.None));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => store.PublishAsync("v2", Package("three"), cancelled.Token));

        Assert.DoesNotContain(Directory.GetFiles(Root, "*", SearchOption.AllDirectories), f => f.EndsWith(".tmp", StringComparison.Ordinal));
        Assert.False(File.Exists(Path.Combine(Root, "v2", FileName)));
    }

    [Theory]
    [InlineData("../escape")]
    [InlineData("..")]
    [InlineData("a/b")]
    [InlineData("v1;rm -rf /")]
    [InlineData("$(id)")]
    [InlineData("`id`")]
    [InlineData("v1\n")]
    [InlineData("v1\0")]
    [InlineData("v1 2")]
    [InlineData("vé")]
    [InlineData("")]
    [InlineData(".hidden")]
    [InlineData("-rf")]
    public async Task Refuses_hostile_tags_and_file_names(string hostile)
    {
        var store = new LocalDirectoryReleaseStore(Root);

        var tag = await Assert.ThrowsAsync<ArgumentException>(() => store.PublishAsync(hostile, Package("x"), CancellationToken.None));
        var name = await Assert.ThrowsAsync<ArgumentException>(() => store.FindAsync("v1", hostile, CancellationToken.None));

        Assert.StartsWith("tag: ", tag.Message);
        Assert.StartsWith("file name: ", name.Message);
        Assert.False(Directory.Exists(Root) && Directory.EnumerateFileSystemEntries(Root).Any());
    }

    [Fact]
    public async Task Refuses_a_10000_character_tag()
    {
        var store = new LocalDirectoryReleaseStore(Root);

        var e = await Assert.ThrowsAsync<ArgumentException>(() => store.FindAsync(new string('a', 10_000), FileName, CancellationToken.None));

        Assert.Contains("too long (10000 characters", e.Message);
    }
}
