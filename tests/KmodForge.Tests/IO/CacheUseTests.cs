using KmodForge.IO;
using KmodForge.Tests.Support;

namespace KmodForge.Tests.IO;

public sealed class CacheUseTests
{
    [Fact]
    public async Task Concurrent_builds_recording_uses_lose_none_and_leave_a_whole_index()
    {
        using var temp = new TempDirectory();
        var when = DateTimeOffset.UtcNow;
        // Separate CacheUse objects stand for separate builds; the lock is a file lock, so processes behave the same.
        await Task.WhenAll(Enumerable.Range(0, 40).Select(i => Task.Run(() =>
            new CacheUse(temp.Path).RecordAsync(CacheUse.ImageKey($"kmodforge/headers-debian:12-amd64-{i}"), when.AddSeconds(i), CancellationToken.None))));

        var read = new CacheUse(temp.Path).Read();
        Assert.Equal(40, read.Count);
        Assert.Equal(when.AddSeconds(7).UtcDateTime, read[CacheUse.ImageKey("kmodforge/headers-debian:12-amd64-7")].UtcDateTime);
        Assert.Empty(Directory.GetFiles(temp.Path, "*.tmp"));
    }

    [Fact]
    public async Task A_later_use_is_kept_and_forgotten_entries_go()
    {
        using var temp = new TempDirectory();
        var uses = new CacheUse(temp.Path);
        var key = CacheUse.FileKey(temp.Combine("rootfs", "debian-12-amd64.tar"));
        var now = DateTimeOffset.UtcNow;
        await uses.RecordAsync(key, now, CancellationToken.None);
        await uses.RecordAsync(key, now.AddHours(-1), CancellationToken.None);
        Assert.Equal(now.UtcDateTime, uses.Read()[key].UtcDateTime);

        await uses.ForgetAsync([key], CancellationToken.None);
        Assert.Empty(uses.Read());
    }

    [Fact]
    public async Task A_shared_lease_blocks_the_pruner_and_the_pruner_blocks_a_new_lease_until_it_is_done()
    {
        using var temp = new TempDirectory();
        var uses = new CacheUse(temp.Path);
        var path = uses.LeasePath(CacheUse.ImageKey("kmodforge/headers-debian:12-amd64-x"));

        using (await uses.UseAsync(CacheUse.ImageKey("kmodforge/headers-debian:12-amd64-x"), CancellationToken.None))
        using (await FileLease.AcquireSharedAsync(path, CancellationToken.None))
        {
            Assert.Null(FileLease.TryAcquireExclusive(path)); // two builds hold it shared; the pruner cannot take it
        }

        var pruner = FileLease.TryAcquireExclusive(path);
        Assert.NotNull(pruner);
        var waiting = FileLease.AcquireSharedAsync(path, CancellationToken.None);
        await Task.Delay(500);
        Assert.False(waiting.IsCompleted, "a build must wait while the pruner removes the entry");
        pruner.Dispose();
        using var lease = await waiting.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Null(FileLease.TryAcquireExclusive(path));
    }
}
