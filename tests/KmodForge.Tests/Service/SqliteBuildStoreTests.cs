using KmodForge.Naming;
using KmodForge.Service.Builds;
using KmodForge.Service.State;
using KmodForge.Targets;
using KmodForge.Tests.Support;

namespace KmodForge.Tests.Service;

/// <summary>The SQLite state store: one unfinished build per key across processes, finished builds frozen, pruning.</summary>
public sealed class SqliteBuildStoreTests : IDisposable
{
    private readonly TempDirectory dir = new("kmodforge-service");

    private static CacheKey Key(string kernel = "6.1.0-28-amd64") =>
        new("kmodforge-sample", BuildTarget.Create("debian", "12", kernel, "x86_64", "v0.1.0"));

    [Fact]
    public async Task Two_stores_on_one_file_racing_for_a_key_create_one_build()
    {
        var a = await OpenAsync();
        var b = await OpenAsync();

        var results = await Task.WhenAll(Enumerable.Range(0, 40).Select(i =>
            (i % 2 == 0 ? a : b).InsertUnlessUnfinishedAsync(BuildRecord.Create(Key(), "github", DateTimeOffset.UtcNow), CancellationToken.None)));

        Assert.Single(results, r => r.Inserted);
        Assert.Single(results.Select(r => r.Build.Id).Distinct());
    }

    [Fact]
    public async Task A_finished_build_frees_its_key_and_never_changes_again()
    {
        var store = await OpenAsync();
        var (first, _) = await store.InsertUnlessUnfinishedAsync(BuildRecord.Create(Key(), "github", DateTimeOffset.UtcNow), CancellationToken.None);
        Assert.True(await store.UpdateAsync(first.Id, new BuildUpdate(BuildState.Error, "boom"), DateTimeOffset.UtcNow, CancellationToken.None));

        Assert.False(await store.UpdateAsync(first.Id, new BuildUpdate(BuildState.Done, "late"), DateTimeOffset.UtcNow, CancellationToken.None));
        var (second, inserted) = await store.InsertUnlessUnfinishedAsync(BuildRecord.Create(Key(), "github", DateTimeOffset.UtcNow), CancellationToken.None);

        Assert.True(inserted);
        Assert.NotEqual(first.Id, second.Id);
        Assert.Equal(BuildState.Error, (await store.GetAsync(first.Id, CancellationToken.None))!.State);
        Assert.Equal("boom", (await store.GetAsync(first.Id, CancellationToken.None))!.Reason);
    }

    [Fact]
    public async Task Round_trips_every_field()
    {
        var store = await OpenAsync();
        var created = DateTimeOffset.FromUnixTimeMilliseconds(1_790_000_000_123);
        var (build, _) = await store.InsertUnlessUnfinishedAsync(BuildRecord.Create(Key(), "github", created), CancellationToken.None);
        await store.MarkDispatchedAsync(build.Id, created.AddSeconds(1), CancellationToken.None);
        await store.UpdateAsync(build.Id, new BuildUpdate(BuildState.Done, "ok", "/srv/x.deb", new string('b', 64), 42, "https://gh/run/42"), created.AddSeconds(9), CancellationToken.None);

        var read = await store.GetAsync(build.Id, CancellationToken.None);

        Assert.Equal(
            build with
            {
                State = BuildState.Done, Reason = "ok", Location = "/srv/x.deb", PackageSha256 = new string('b', 64), RunId = 42, RunUrl = "https://gh/run/42",
                UpdatedAt = created.AddSeconds(9), DispatchedAt = created.AddSeconds(1), DispatchAttempts = 1,
            },
            read);
        Assert.Equal(Key().Target, read!.Target());
    }

    [Fact]
    public async Task Prunes_only_finished_builds_older_than_the_cutoff()
    {
        var store = await OpenAsync();
        var now = DateTimeOffset.UtcNow;
        var (old, _) = await store.InsertUnlessUnfinishedAsync(BuildRecord.Create(Key("6.1.0-1-amd64"), "github", now.AddDays(-10)), CancellationToken.None);
        await store.UpdateAsync(old.Id, new BuildUpdate(BuildState.Done), now.AddDays(-9), CancellationToken.None);
        var (recent, _) = await store.InsertUnlessUnfinishedAsync(BuildRecord.Create(Key("6.1.0-2-amd64"), "github", now), CancellationToken.None);
        await store.UpdateAsync(recent.Id, new BuildUpdate(BuildState.Done), now, CancellationToken.None);
        var (running, _) = await store.InsertUnlessUnfinishedAsync(BuildRecord.Create(Key("6.1.0-3-amd64"), "github", now.AddDays(-10)), CancellationToken.None);

        Assert.Equal(1, await store.PruneFinishedAsync(now.AddDays(-7), CancellationToken.None));

        Assert.Null(await store.GetAsync(old.Id, CancellationToken.None));
        Assert.NotNull(await store.GetAsync(recent.Id, CancellationToken.None));
        Assert.NotNull(await store.GetAsync(running.Id, CancellationToken.None));
    }

    private async Task<SqliteBuildStore> OpenAsync()
    {
        var store = new SqliteBuildStore(dir.Combine("state", "builds.db"));
        await store.InitializeAsync(CancellationToken.None);
        return store;
    }

    public void Dispose() => dir.Dispose();
}
