using KmodForge.Kernels;
using KmodForge.Kernels.Crawler;
using KmodForge.Matrix;
using KmodForge.Targets;
using Xunit.Abstractions;

namespace KmodForge.Tests.Kernels;

/// <summary>The real 2022 kernel-crawler x86_64 list (../shared/data, never copied into the repository).</summary>
public sealed class RealCrawlerDataTests(ITestOutputHelper output)
{
    private const string FileName = "kernel-crawler-2022-x86_64.json";

    [KmodForge.Tests.Targets.KernelCrawlerFact]
    public void Real_crawler_data_maps_with_sane_counts_per_reason_and_only_valid_targets()
    {
        var path = RepoPaths.SharedData(FileName) ?? throw new InvalidOperationException($"../shared/data/{FileName} vanished after the skip check");

        var skips = new SkipSummary();
        var mapper = new CrawlerMapper(Architecture.X86_64, "v1.0.0", skips);
        var builder = new MatrixBuilder("v1.0.0", null, skips);
        var read = KernelCrawlerReader.ReadFile(path, e =>
        {
            foreach (var k in mapper.Map(e))
            {
                builder.Add(k);
            }
        }, skips);
        var diff = builder.Build();

        output.WriteLine($"read {read} (+{mapper.ExtraFlavours} flavours listed only in headers), kept {diff.Next.Count}, skipped {skips.Total}");
        foreach (var g in diff.Groups)
        {
            output.WriteLine($"  kept {g.Distribution} {g.Version} {g.Architecture}: {g.Kernels}");
        }

        foreach (var ((reason, detail), count) in skips.ByDetail.OrderBy(x => x.Key.Reason).ThenByDescending(x => x.Value))
        {
            output.WriteLine($"  {reason} {detail}: {count}");
        }

        // 4,544 entries (loaders.md); every one, and every extra flavour its headers list, is either kept or counted.
        Assert.Equal(4544, read);
        Assert.True(mapper.ExtraFlavours > 0, "the 2022 Ubuntu entries list generic and lowlatency headers together");
        Assert.Equal(read + mapper.ExtraFlavours, diff.Next.Count + skips.Total);
        Assert.Equal(0, skips[SkipReason.WrongType] + skips[SkipReason.MissingField] + skips[SkipReason.UnknownKey] + skips[SkipReason.HostileRelease]);

        // Oracle 6/7/8, Photon, Flatcar and Minikube are not supported distributions: 324+423+104+195+285+6.
        Assert.Equal(1337, skips[SkipReason.UnsupportedDistribution]);
        // Amazon Linux 1/2/2022 are unsupported versions (90+147+5); 2022 data has no Fedora 42/43 (6 Fedora 34-36).
        Assert.Equal(90, skips.ByDetail[(SkipReason.UnsupportedVersion, "amazonlinux 1")]);
        Assert.Equal(147, skips.ByDetail[(SkipReason.UnsupportedVersion, "amazonlinux 2")]);
        Assert.Equal(5, skips.ByDetail[(SkipReason.UnsupportedVersion, "amazonlinux 2022")]);
        Assert.DoesNotContain(skips.ByDetail.Keys, k => k.Reason == SkipReason.UnsupportedVersion && k.Detail.StartsWith("fedora 4", StringComparison.Ordinal));
        // Ubuntu 22.04 existed in 2022: its kernels must be kept; Debian 12 did not exist yet.
        Assert.Contains(diff.Groups, g => g.Distribution == "ubuntu" && g.Version == "22.04" && g.Kernels > 100);
        Assert.Contains(diff.Groups, g => g.Distribution == "centos" && g.Version == "stream9");

        foreach (var kernel in diff.Builds)
        {
            var again = TargetValidator.Validate(kernel.Target.ToRequest());
            Assert.True(again.IsValid, string.Join("; ", again.Errors));
            Assert.All(kernel.Headers, h => Assert.Null(HeaderUrl.Problem(h)));
        }
    }
}
