using KmodForge.Storage;

namespace KmodForge.Tests.Storage;

public sealed class LocalDirectoryBlobStoreTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("kmodforge-blobs-").FullName;

    private string Root => Path.Combine(_dir, "store");

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string Source(string content)
    {
        var path = Path.Combine(_dir, Guid.NewGuid().ToString("N"));
        File.WriteAllText(path, content);
        return path;
    }

    [Fact]
    public async Task Puts_gets_replaces_and_deletes_by_key()
    {
        var store = new LocalDirectoryBlobStore(Root);
        const string key = "images/base-debian/12-amd64.tar";

        Assert.False(await store.ExistsAsync(key, CancellationToken.None));
        Assert.False(await store.GetAsync(key, Path.Combine(_dir, "nothing"), CancellationToken.None));
        Assert.False(File.Exists(Path.Combine(_dir, "nothing")));

        await store.PutAsync(key, Source("v1"), CancellationToken.None);
        await store.PutAsync(key, Source("v2"), CancellationToken.None);
        var copy = Path.Combine(_dir, "copy");

        Assert.True(await store.ExistsAsync(key, CancellationToken.None));
        Assert.True(await store.GetAsync(key, copy, CancellationToken.None));
        Assert.Equal("v2", File.ReadAllText(copy));
        Assert.Equal("v2", File.ReadAllText(Path.Combine(Root, "images", "base-debian", "12-amd64.tar")));

        await store.DeleteAsync(key, CancellationToken.None);
        Assert.False(await store.ExistsAsync(key, CancellationToken.None));
    }

    [Fact]
    public async Task A_failed_put_keeps_the_old_object_and_leaves_no_temporary_file()
    {
        var store = new LocalDirectoryBlobStore(Root);
        await store.PutAsync("matrix/previous.json", Source("old"), CancellationToken.None);

        await Assert.ThrowsAnyAsync<IOException>(() => store.PutAsync("matrix/previous.json", Path.Combine(_dir, "missing"), CancellationToken.None));

        Assert.Equal("old", File.ReadAllText(Path.Combine(Root, "matrix", "previous.json")));
        Assert.Equal(["previous.json"], Directory.GetFiles(Path.Combine(Root, "matrix")).Select(Path.GetFileName));
    }

    [Theory]
    [InlineData("../outside")]
    [InlineData("a/../../outside")]
    [InlineData("/etc/passwd")]
    [InlineData("a//b")]
    [InlineData("a/")]
    [InlineData("a\\b")]
    [InlineData("a;rm -rf /")]
    [InlineData("$(id)")]
    [InlineData("`id`")]
    [InlineData("a\nb")]
    [InlineData("a\0b")]
    [InlineData("a b")]
    [InlineData("ключ")]
    [InlineData("")]
    public async Task Refuses_hostile_keys_naming_the_key(string key)
    {
        var store = new LocalDirectoryBlobStore(Root);

        var e = await Assert.ThrowsAsync<ArgumentException>(() => store.PutAsync(key, Source("x"), CancellationToken.None));
        await Assert.ThrowsAsync<ArgumentException>(() => store.ExistsAsync(key, CancellationToken.None));
        await Assert.ThrowsAsync<ArgumentException>(() => store.GetAsync(key, Path.Combine(_dir, "x"), CancellationToken.None));
        await Assert.ThrowsAsync<ArgumentException>(() => store.DeleteAsync(key, CancellationToken.None));

        Assert.StartsWith("blob key: ", e.Message);
        Assert.False(Directory.Exists(Root));
    }

    [Fact]
    public void Refuses_a_key_of_10000_characters()
    {
        var e = Assert.Throws<ArgumentException>(() => LocalDirectoryBlobStore.ValidateKey(new string('k', 10_000)));

        Assert.Contains("10000 characters", e.Message);
    }
}
