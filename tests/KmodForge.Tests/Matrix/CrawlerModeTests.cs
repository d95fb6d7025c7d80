using KmodForge.Configuration;
using KmodForge.Diagnostics;
using KmodForge.Kernels;
using KmodForge.Matrix;
using KmodForge.Targets;

namespace KmodForge.Tests.Matrix;

public sealed class CrawlerModeTests : IDisposable
{
    private readonly DirectoryInfo work = Directory.CreateTempSubdirectory("kmodforge-crawler-mode-");
    private readonly TempDirectoryBlobStore store = new();

    public void Dispose()
    {
        store.Dispose();
        work.Delete(recursive: true);
    }

    [Fact]
    public async Task Crawler_mode_merges_kernels_json_and_crawler_data_and_reports_skips()
    {
        var crawler = Path.Combine(work.FullName, "x86_64.json");
        File.WriteAllText(crawler, """
            {"amazonlinux2023": [{"kernelversion": "1", "kernelrelease": "6.1.97-104.177.amzn2023.x86_64", "target": "amazonlinux2023", "headers": ["https://cdn.amazonlinux.com/k.rpm"]}],
             "ol": [{"kernelversion": "2", "kernelrelease": "5.4.17-2136.307.3.1.el8uek.x86_64", "target": "ol"}],
             "debian": [{"kernelversion": "1", "kernelrelease": "6.1.0-28-amd64", "target": "debian"},
                        {"kernelversion": "1", "kernelrelease": "6.1.0-28-amd64;id", "target": "debian"}]}
            """);
        var kernels = Path.Combine(work.FullName, "kernels.json");
        var list = new KernelList();
        list.Add(Architecture.X86_64, new KernelEntry("debian", "6.1.0-28-amd64", "12", []));
        KernelListJson.Write(list, kernels);

        var settings = new MatrixSettings
        {
            DriverName = "kmodforge-sample", DriverVersion = "v1.0.0", KernelsFile = kernels, UseKernelCrawler = true,
            KernelCrawlerFile = $"x86_64={crawler}", Architectures = ["x86_64"], LivepatchRepo = string.Empty, DryRun = true,
            OutputDirectory = Path.Combine(work.FullName, "out"),
        };
        using var generator = new MatrixGenerator(settings, store, null, NullBuildLog.Instance);
        var plan = await generator.PlanAsync(default);

        Assert.Equal(["amazonlinux/2023/x86_64/6.1.97-104.177.amzn2023.x86_64", "debian/12/x86_64/6.1.0-28-amd64"], plan.Diff.Builds.Select(b => b.Key));
        Assert.Equal(1, plan.Read[KernelSource.KernelsJson]);
        Assert.Equal(4, plan.Read[KernelSource.KernelCrawler]);
        Assert.Equal(1, plan.Skips[SkipReason.UnsupportedDistribution]);
        Assert.Equal(1, plan.Skips[SkipReason.HostileRelease]);
        Assert.Equal(1, plan.Skips[SkipReason.Duplicate]);
        var report = MatrixPlanReport.Format(plan);
        Assert.Contains("UnsupportedDistribution: 1", report, StringComparison.Ordinal);
        Assert.Contains("HostileRelease: 1", report, StringComparison.Ordinal);
        Assert.Empty(store.Puts);
    }

    [Fact]
    public void Crawler_inputs_come_from_a_template_a_list_or_the_url()
    {
        var both = new[] { Architecture.X86_64, Architecture.Aarch64 };
        Assert.Equal(
            [new CrawlerInput(Architecture.X86_64, "/d/x86_64.json", true), new CrawlerInput(Architecture.Aarch64, "/d/aarch64.json", true)],
            CrawlerInputs.Resolve(new MatrixSettings { KernelCrawlerFile = "/d/{arch}.json" }, both));
        Assert.Equal(
            [new CrawlerInput(Architecture.Aarch64, "/b.json", true)],
            CrawlerInputs.Resolve(new MatrixSettings { KernelCrawlerFile = "x86_64=/a.json,arm64=/b.json" }, [Architecture.Aarch64]));
        Assert.Equal(
            "https://falcosecurity.github.io/kernel-crawler/aarch64/list.json",
            CrawlerInputs.Resolve(new MatrixSettings(), both)[1].Location);
        Assert.Throws<SettingsException>(() => CrawlerInputs.Resolve(new MatrixSettings { KernelCrawlerFile = "/d/list.json" }, both));
        Assert.Throws<SettingsException>(() => CrawlerInputs.Resolve(new MatrixSettings { KernelCrawlerFile = "sparc=/d/list.json" }, both));
    }
}
