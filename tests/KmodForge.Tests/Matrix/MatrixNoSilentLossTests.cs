using System.Text;
using KmodForge.Diagnostics;
using KmodForge.Kernels;
using KmodForge.Matrix;
using KmodForge.Targets;
using KmodForge.Tests.GitHub;

namespace KmodForge.Tests.Matrix;

/// <summary>A dry run, a broken crawler list or a crawler outage never replaces the previous matrix unnoticed.</summary>
public sealed class MatrixNoSilentLossTests : IDisposable
{
    private const string PreviousKey = "matrix/kmodforge-sample/previous.json";
    private readonly DirectoryInfo work = Directory.CreateTempSubdirectory("kmodforge-matrix-loss-");
    private readonly TempDirectoryBlobStore store = new();

    public void Dispose()
    {
        store.Dispose();
        work.Delete(recursive: true);
    }

    /// <summary>Settings over a kernels.json of <paramref name="kernels"/> Debian 12 kernels.</summary>
    private MatrixSettings Settings(int kernels, bool dryRun = false)
    {
        var list = new KernelList();
        for (var i = 1; i <= kernels; i++)
        {
            list.Add(Architecture.X86_64, new KernelEntry("debian", $"6.1.0-{i}-amd64", "12", []));
        }

        var path = Path.Combine(work.FullName, "kernels.json");
        KernelListJson.Write(list, path);
        return new MatrixSettings
        {
            DriverName = "kmodforge-sample", DriverVersion = "v1.0.0", KernelsFile = path, Architectures = ["x86_64"],
            DryRun = dryRun, OutputDirectory = Path.Combine(work.FullName, "out"),
        };
    }

    private async Task<MatrixPlan> Run(MatrixSettings settings, RecordingDispatcher? dispatcher = null, IBuildLog? log = null)
    {
        using var generator = new MatrixGenerator(settings, store, dispatcher ?? new RecordingDispatcher(), log ?? NullBuildLog.Instance);
        return (await generator.RunAsync(CancellationToken.None)).Plan;
    }

    [Fact]
    public async Task A_dry_run_leaves_the_previous_matrix_so_the_next_real_run_still_builds()
    {
        await Run(Settings(2));
        var before = File.ReadAllBytes(store.PathOf(PreviousKey));

        var dry = await Run(Settings(4, dryRun: true));
        var afterDryRun = File.ReadAllBytes(store.PathOf(PreviousKey));
        var real = await Run(Settings(4));

        Assert.Equal(2, dry.Diff.Builds.Count);
        Assert.Equal(before, afterDryRun);
        Assert.Equal(["6.1.0-3-amd64", "6.1.0-4-amd64"], real.Diff.Builds.Select(b => b.Target.KernelRelease));
    }

    [Fact]
    public async Task A_dry_run_stores_nothing_unless_told_to()
    {
        await Run(Settings(2, dryRun: true));
        Assert.DoesNotContain(PreviousKey, store.Puts);

        var settings = Settings(2, dryRun: true);
        settings.DryRunReplacesPrevious = true;
        await Run(settings);
        Assert.Contains(PreviousKey, store.Puts);
    }

    [Fact]
    public async Task A_matrix_that_lost_more_than_half_is_refused_naming_the_numbers_and_nothing_is_dispatched()
    {
        await Run(Settings(10));
        var before = File.ReadAllBytes(store.PathOf(PreviousKey));
        var puts = store.Puts.Count;
        var dispatcher = new RecordingDispatcher();

        var e = await Assert.ThrowsAsync<MatrixShrinkException>(() => Run(Settings(4), dispatcher));

        Assert.Contains("has 4 kernels and no longer lists 6 of the previous matrix's 10 (60%), more than --matrix-max-loss-percent=50", e.Message, StringComparison.Ordinal);
        Assert.Contains("--allow-matrix-shrink", e.Message, StringComparison.Ordinal);
        Assert.Empty(dispatcher.Calls);
        Assert.Equal(puts, store.Puts.Count);
        Assert.Equal(before, File.ReadAllBytes(store.PathOf(PreviousKey)));

        // A threshold the loss stays within, or the explicit setting, lets the shrink through.
        var loose = Settings(4);
        loose.MaxLossPercent = 60;
        Assert.Equal(4, (await Run(loose)).Diff.Next.Count);
        await Run(Settings(10));
        var allowed = Settings(1);
        allowed.AllowShrink = true;
        Assert.Equal(1, (await Run(allowed)).Diff.Next.Count);
    }

    [Fact]
    public async Task A_dry_run_says_a_real_run_would_be_refused()
    {
        await Run(Settings(10));

        var plan = await Run(Settings(1, dryRun: true));

        Assert.Contains("Previous matrix: 10 kernels, 9 no longer listed (90%); more than --matrix-max-loss-percent=50, so a real run would be refused", MatrixPlanReport.Format(plan), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("{}")]
    [InlineData("""{"Ubuntu": [{"kernelversion": 1}, 7, {"kernelrelease": 5}], "Debian": "down"}""")]
    public async Task A_crawler_list_without_one_usable_entry_is_an_error(string json)
    {
        var crawler = Path.Combine(work.FullName, "x86_64.json");
        File.WriteAllText(crawler, json);
        var settings = Settings(0);
        settings.UseKernelCrawler = true;
        settings.KernelCrawlerFile = $"x86_64={crawler}";
        settings.LivepatchRepo = string.Empty;

        var e = await Assert.ThrowsAsync<KernelListFormatException>(() => Run(settings));

        Assert.StartsWith($"{crawler}: $: has no usable x86_64 entry", e.Message, StringComparison.Ordinal);
        Assert.Empty(store.Puts);
    }

    [Fact]
    public async Task The_skip_summary_is_expanded_in_the_verbose_log_and_in_the_skip_report()
    {
        var entries = new StringBuilder();
        for (var i = 0; i < 15; i++)
        {
            entries.Append($$"""{"kernelversion": "1", "kernelrelease": "4.{{i}}.0-1-generic", "target": "oracle{{i}}"},""");
        }

        var crawler = Path.Combine(work.FullName, "x86_64.json");
        File.WriteAllText(crawler, $$"""{"ol": [{{entries}} {"kernelversion": "1", "kernelrelease": "6.1.0-28-amd64", "target": "debian"}]}""");
        var settings = Settings(1, dryRun: true);
        settings.UseKernelCrawler = true;
        settings.KernelCrawlerFile = $"x86_64={crawler}";
        settings.LivepatchRepo = string.Empty;
        settings.SkipReport = Path.Combine(work.FullName, "skips.txt");
        var log = new RecordingLog();

        var plan = await Run(settings, log: log);

        Assert.Contains("... (3 more: --verbosity=verbose or --skip-report=<file> lists them)", MatrixPlanReport.Format(plan), StringComparison.Ordinal);
        var report = File.ReadAllText(settings.SkipReport);
        Assert.All(Enumerable.Range(0, 15), i => Assert.Contains($"'oracle{i}' 1", report, StringComparison.Ordinal));
        Assert.DoesNotContain("more:", report, StringComparison.Ordinal);
        Assert.Contains(log.Lines, l => l.StartsWith("verbose: Skipped", StringComparison.Ordinal) && l.Contains("'oracle14' 1", StringComparison.Ordinal));
        Assert.Equal(17, plan.Read[KernelSource.KernelCrawler] + plan.Read[KernelSource.KernelsJson]);
    }
}
