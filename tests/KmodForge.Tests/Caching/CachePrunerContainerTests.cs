using KmodForge.Caching;
using KmodForge.Diagnostics;
using KmodForge.IO;
using KmodForge.Tests.Support;

namespace KmodForge.Tests.Caching;

/// <summary>
/// The cache policy against the real container engine, on synthetic header layers in a namespace of the test's own
/// (the policy is scoped to it, so no other image on this machine can be touched): LRU order by recorded use,
/// stale-base-first, a leased layer kept under a concurrent prune, and a sequence of builds held under the budget.
/// </summary>
[Collection("Containers")]
public sealed class CachePrunerContainerTests : IAsyncLifetime
{
    private const int LayerKib = 256;
    private readonly SyntheticLayers layers = new();
    private readonly TempDirectory cache = new();
    private CacheUse uses = null!;

    public Task InitializeAsync()
    {
        uses = new CacheUse(cache.Path);
        return layers.BaseAsync();
    }

    public async Task DisposeAsync()
    {
        await layers.DisposeAsync();
        cache.Dispose();
    }

    [ContainerFact]
    public async Task Over_budget_the_least_recently_used_layers_go_first_by_the_use_builds_recorded()
    {
        var tags = new List<string>();
        foreach (var release in new[] { "6.1.0-1-amd64", "6.1.0-2-amd64", "6.1.0-3-amd64", "6.1.0-4-amd64" })
        {
            tags.Add(await layers.LayerAsync(release, LayerKib));
        }

        // Made in order 1..4, but used by builds in the order 3, 1, 4, 2: the creation order must not decide.
        var t0 = DateTimeOffset.UtcNow.AddHours(-4);
        foreach (var (index, hours) in new[] { (2, 0), (0, 1), (3, 2), (1, 3) })
        {
            await uses.RecordAsync(CacheUse.ImageKey(tags[index]), t0.AddHours(hours), CancellationToken.None);
        }

        var report = await Pruner(budgetKib: 2 * LayerKib + 100).RunAsync(dryRun: false, CancellationToken.None);

        Assert.Equal([tags[2], tags[0]], report.Removed.Select(r => r.Name));
        Assert.All(report.Layers.Removals, r => Assert.StartsWith("least recently used (last used by a build", r.Reason, StringComparison.Ordinal));
        Assert.False(await layers.ExistsAsync(tags[2]));
        Assert.False(await layers.ExistsAsync(tags[0]));
        Assert.True(await layers.ExistsAsync(tags[1]));
        Assert.True(await layers.ExistsAsync(tags[3]));
        Assert.InRange(report.Layers.BytesAfter, 2 * LayerKib * 1024, (2 * LayerKib + 100) * 1024);
        Assert.DoesNotContain(CacheUse.ImageKey(tags[2]), uses.Read().Keys);
    }

    [ContainerFact]
    public async Task Layers_on_a_base_image_that_is_no_longer_current_go_before_older_current_ones()
    {
        var oldBase = await layers.Engine.InspectImageAsync(layers.BaseTag, CancellationToken.None);
        var stale1 = await layers.LayerAsync("6.1.0-10-amd64", LayerKib);
        var stale2 = await layers.LayerAsync("6.1.0-11-amd64", LayerKib);
        await layers.BaseAsync(); // the weekly rebuild: the base tag now names another image
        var current = await layers.LayerAsync("6.1.0-12-amd64", LayerKib);
        var now = DateTimeOffset.UtcNow;
        await uses.RecordAsync(CacheUse.ImageKey(current), now.AddDays(-30), CancellationToken.None);
        await uses.RecordAsync(CacheUse.ImageKey(stale1), now.AddMinutes(-2), CancellationToken.None);
        await uses.RecordAsync(CacheUse.ImageKey(stale2), now.AddMinutes(-1), CancellationToken.None);

        var dry = await Pruner(budgetKib: 2 * LayerKib + 100).RunAsync(dryRun: true, CancellationToken.None);
        var removal = Assert.Single(dry.Layers.Removals);
        Assert.Equal(stale1, removal.Entry.Name);
        Assert.StartsWith($"stale: built on {oldBase!.Id.Replace("sha256:", "", StringComparison.Ordinal)[..12]}, but {layers.BaseTag} is now", removal.Reason, StringComparison.Ordinal);
        Assert.Contains(dry.Describe(), l => l.StartsWith($"  would remove {stale1} (", StringComparison.Ordinal));
        Assert.True(await layers.ExistsAsync(stale1)); // a dry run removes nothing

        var first = await Pruner(budgetKib: 2 * LayerKib + 100).RunAsync(dryRun: false, CancellationToken.None);
        Assert.Equal([stale1], first.Removed.Select(r => r.Name));
        // The old base image stays while a kept layer (stale2) is built on it: the policy never removes a base image.
        Assert.NotNull(await layers.Engine.InspectImageAsync(oldBase.Id, CancellationToken.None));

        var second = await Pruner(budgetKib: LayerKib + 100).RunAsync(dryRun: false, CancellationToken.None);
        Assert.Equal([stale2], second.Removed.Select(r => r.Name));
        Assert.True(await layers.ExistsAsync(current));
    }

    [ContainerFact]
    public async Task A_layer_a_running_build_leases_is_kept_under_a_concurrent_prune_and_a_later_build_finds_it_or_nothing()
    {
        var tags = new List<string>();
        for (var i = 0; i < 6; i++)
        {
            tags.Add(await layers.LayerAsync($"6.1.0-2{i}-amd64", 64));
        }

        // Tag 0 is leased by a "running build" for the whole test: even a zero budget keeps it.
        using (var lease = await uses.UseAsync(CacheUse.ImageKey(tags[0]), CancellationToken.None))
        {
            // Builds lease tags 1..5 while a zero-budget prune runs: whoever leases first wins, and a build that saw
            // its layer present under its lease must still see it at the end of the lease (the image it compiles in).
            var builds = tags.Skip(1).Select(async (tag, i) =>
            {
                await Task.Delay(i * 150);
                using var held = await uses.UseAsync(CacheUse.ImageKey(tag), CancellationToken.None);
                var before = await layers.ExistsAsync(tag);
                await Task.Delay(400);
                return (tag, before, after: await layers.ExistsAsync(tag));
            }).ToList();
            var prune = Pruner(budgetKib: 0).RunAsync(dryRun: false, CancellationToken.None);
            var seen = await Task.WhenAll(builds);
            var report = await prune;

            Assert.All(seen, s => Assert.True(!s.before || s.after, $"{s.tag} was removed while a build held its lease"));
            Assert.DoesNotContain(report.Removed, r => r.Name == tags[0]);
            Assert.True(await layers.ExistsAsync(tags[0]));
            Assert.Contains(report.Describe(), l => l.Contains($"keep {tags[0]}", StringComparison.Ordinal) && l.EndsWith("held by a running build", StringComparison.Ordinal));
        }

        // Lease ended: the next prune may take it.
        var after = await Pruner(budgetKib: 0).RunAsync(dryRun: false, CancellationToken.None);
        Assert.False(await layers.ExistsAsync(tags[0]));
        Assert.Contains(after.Removed, r => r.Name == tags[0]);
    }

    [ContainerFact]
    public async Task A_sequence_of_builds_with_a_prune_after_each_keeps_the_layers_under_the_budget()
    {
        const int budgetKib = 3 * LayerKib + 100;
        var peak = 0L;
        for (var i = 0; i < 8; i++)
        {
            var tag = await layers.LayerAsync($"6.1.0-3{i}-amd64", LayerKib);
            using (await uses.UseAsync(CacheUse.ImageKey(tag), CancellationToken.None))
            {
            }

            var report = await Pruner(budgetKib).RunAsync(dryRun: false, CancellationToken.None);
            Assert.True(report.Layers.BytesAfter <= budgetKib * 1024L, $"after build {i}: {report.Layers.BytesAfter} bytes over the budget");
            peak = Math.Max(peak, report.Layers.TotalBytes);
        }

        var remaining = (await Pruner(budgetKib).PlanAsync(dryRun: true, CancellationToken.None)).Layers;
        Assert.Equal(3, remaining.Entries.Count);
        Assert.True(remaining.TotalBytes <= budgetKib * 1024L);
        Assert.True(peak > budgetKib * 1024L, "each new layer should push the total over the budget before the prune");
    }

    private CachePruner Pruner(long budgetKib) =>
        new(layers.Engine, uses, new CacheSettings { LayerNamespace = layers.Namespace, LayerCacheMaxSize = $"{budgetKib}KiB", FileCacheMaxSize = "1TiB" },
            cache.Combine("images"), NullBuildLog.Instance);
}
