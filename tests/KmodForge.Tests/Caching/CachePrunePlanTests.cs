using KmodForge.Caching;
using KmodForge.Configuration;

namespace KmodForge.Tests.Caching;

public sealed class CachePrunePlanTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 1, 0, 0, 0, TimeSpan.Zero);

    private static CacheEntry Entry(string name, long bytes, int hours, string? stale = null, bool held = false) =>
        new(CacheEntryKind.HeaderLayer, name, "image:" + name, bytes, T0.AddHours(hours), UseRecorded: true, "/locks/" + name) { StaleReason = stale, Held = held };

    [Fact]
    public void Under_budget_nothing_is_removed()
    {
        var plan = CachePrunePlan.Decide("layers", 300, [Entry("a", 100, 1), Entry("b", 200, 2)]);
        Assert.Empty(plan.Removals);
        Assert.Equal(300, plan.BytesAfter);
        Assert.EndsWith("nothing to remove", plan.Describe(dryRun: true).First(), StringComparison.Ordinal);
    }

    [Fact]
    public void Over_budget_removes_least_recently_used_first_until_under_it()
    {
        var plan = CachePrunePlan.Decide("layers", 250, [Entry("new", 100, 9), Entry("old", 100, 1), Entry("mid", 100, 5), Entry("older", 100, 0)]);
        Assert.Equal(["older", "old"], plan.Removals.Select(r => r.Entry.Name));
        Assert.Equal(200, plan.BytesAfter);
        Assert.StartsWith("least recently used (last used by a build 2026-11-01 00:00:00Z); 400 B over the 250 B budget", plan.Removals[0].Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Stale_entries_go_before_any_current_one_however_recently_used()
    {
        var plan = CachePrunePlan.Decide("layers", 150, [Entry("current-old", 100, 0), Entry("stale-new", 100, 9, stale: "built on aaa, but base is now bbb")]);
        var removal = Assert.Single(plan.Removals);
        Assert.Equal("stale-new", removal.Entry.Name);
        Assert.StartsWith("stale: built on aaa, but base is now bbb; ", removal.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void An_entry_a_running_build_holds_is_never_chosen_even_with_a_zero_budget()
    {
        var plan = CachePrunePlan.Decide("layers", 0, [Entry("held", 100, 0, stale: "old base", held: true), Entry("free", 100, 5)]);
        Assert.Equal(["free"], plan.Removals.Select(r => r.Entry.Name));
        Assert.Contains("  keep held (100 B): held by a running build", plan.Describe(dryRun: false));
        Assert.Contains("  remove free (100 B): least recently used (last used by a build 2026-11-01 05:00:00Z); 200 B over the 0 B budget", plan.Describe(dryRun: false));
    }

    [Theory]
    [InlineData("20GiB", 20L << 30)]
    [InlineData("512MiB", 512L << 20)]
    [InlineData("1.5G", 3L << 29)]
    [InlineData("300M", 300L << 20)]
    [InlineData("4096", 4096)]
    [InlineData("0", 0)]
    public void Sizes_are_read_with_binary_units(string text, long bytes)
    {
        Assert.True(SizeSetting.TryParse(text, out var parsed));
        Assert.Equal(bytes, parsed);
    }

    [Fact]
    public void Bad_budgets_and_namespaces_are_refused_naming_the_setting_and_value()
    {
        var error = Assert.Throws<SettingsException>(() => new CacheSettings { LayerCacheMaxSize = "lots", LayerNamespace = "Bad Space" }.Validated());
        Assert.Contains($"--layer-cache-max-size: {KmodForge.Errors.Printable.Quote("lots")} is not a size such as 20GiB", error.Message, StringComparison.Ordinal);
        Assert.Contains($"--layer-namespace: {KmodForge.Errors.Printable.Quote("Bad Space")} is not a repository namespace", error.Message, StringComparison.Ordinal);
        Assert.Equal(20L << 30, new CacheSettings().LayerBudgetBytes);
    }
}
