using System.Diagnostics;
using KmodForge.IO;

namespace KmodForge.Tests.Images;

public sealed class FileLockTests : IDisposable
{
    private readonly string directory = Path.Combine(Path.GetTempPath(), "kmodforge-lock-" + Guid.NewGuid().ToString("N"));

    public void Dispose() => Directory.Delete(directory, recursive: true);

    [Fact]
    public async Task A_second_holder_in_the_same_process_waits_until_the_first_releases()
    {
        var path = Path.Combine(directory, "a.lock");
        var first = await FileLock.AcquireAsync(path, null, CancellationToken.None);
        var waited = new List<string>();

        var second = FileLock.AcquireAsync(path, waited.Add, CancellationToken.None);
        Assert.False(second.IsCompleted);
        first.Dispose();
        using var held = await second;

        Assert.Single(waited);
        Assert.Contains("in this process", waited[0], StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_lock_is_exclusive_with_another_process_holding_flock_on_the_file()
    {
        var path = Path.Combine(directory, "b.lock");
        Directory.CreateDirectory(directory);
        File.WriteAllText(path, "");
        var ready = Path.Combine(directory, "ready");
        var releasing = Path.Combine(directory, "releasing");
        // The holder marks the moment it is about to let go: written while it still holds the lock.
        using var holder = Process.Start(new ProcessStartInfo("flock", [path, "sh", "-c", $"touch {ready}; sleep 2; touch {releasing}"]))!;
        while (!File.Exists(ready))
        {
            await Task.Delay(20);
        }

        var waited = new List<string>();
        using var held = await FileLock.AcquireAsync(path, waited.Add, CancellationToken.None);

        Assert.True(File.Exists(releasing), "the lock was granted while another process held it");
        Assert.Contains(waited, w => w.Contains("another process", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Waiting_for_the_lock_honours_cancellation()
    {
        var path = Path.Combine(directory, "c.lock");
        using var first = await FileLock.AcquireAsync(path, null, CancellationToken.None);
        using var cts = new CancellationTokenSource();

        var second = FileLock.AcquireAsync(path, null, cts.Token);
        await cts.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => second);
    }
}
