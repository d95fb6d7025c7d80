using System.Text;
using KmodForge.Coverage;
using KmodForge.GitHub;
using KmodForge.Naming;
using KmodForge.Publishing;
using KmodForge.Targets;
using KmodForge.Tests.GitHub;
using KmodForge.Tests.Support;
using KmodForge.TestSupport.GitHub;

namespace KmodForge.Tests.Coverage;

/// <summary>The report lists every published package of the driver, read with one listing of the store.</summary>
public sealed class CoverageListingTests
{
    [Fact]
    public async Task A_package_built_for_a_kernel_outside_kernels_json_is_listed_as_published()
    {
        using var temp = new TempDirectory();
        var store = new LocalDirectoryReleaseStore(temp.Combine("releases"));
        await CoverageFixture.PublishAsync(store, temp.Combine("scratch"), "6.1.0-99-amd64");                       // built on demand
        await CoverageFixture.PublishAsync(store, temp.Combine("scratch"), "6.1.0-98-amd64", version: "v0.9.0");  // a version not asked for

        var report = await new CoverageBuilder(store, PackageNaming.DefaultDriverName, PackageNaming.DefaultReleaseTagTemplate)
            .BuildAsync(CoverageFixture.Kernels(), ["v0.1.0"], MatrixResults.Empty, DateTimeOffset.UnixEpoch, CancellationToken.None);

        var group = report.Groups.Single(g => g.DistroVersion == "12" && g.Architecture == "x86_64");
        var extra = Assert.Single(group.Rows, r => r.KernelRelease == "6.1.0-99-amd64");
        Assert.Equal((CoverageStatus.Published, "v0.1.0"), (extra.Status, extra.DriverVersion));
        Assert.Equal("kmodforge-sample-debian-12-6.1.0-99-amd64_v0.1.0_amd64.deb", extra.FileName);
        Assert.DoesNotContain(report.Groups.SelectMany(g => g.Rows), r => r.KernelRelease == "6.1.0-98-amd64");
        Assert.Equal(["6.12.117+deb12-amd64", "6.1.0-99-amd64", "6.1.0-56-amd64", "6.1.0-55-amd64"], group.Rows.Select(r => r.KernelRelease));
        Assert.Equal(6, report.Groups.Sum(g => g.Rows.Count)); // the five of kernels.json, plus one
    }

    [Fact]
    public async Task The_local_store_lists_packages_with_their_checksum_only()
    {
        using var temp = new TempDirectory();
        var store = new LocalDirectoryReleaseStore(temp.Combine("releases"));
        var published = await CoverageFixture.PublishAsync(store, temp.Combine("scratch"), "6.1.0-56-amd64");
        File.WriteAllText(temp.Combine("releases", published.Tag, "half-published_v0.1.0_amd64.deb"), "no checksum beside it");

        var listed = Assert.Single(await store.ListAsync(CancellationToken.None));

        Assert.Equal((published.Tag, published.FileName, published.Sha256, published.Size), (listed.Tag, listed.FileName, listed.Sha256, listed.Size));
    }

    [Theory]
    [InlineData(3, 4, true, 1)]      // 12 packages in 3 releases: one page
    [InlineData(150, 1, true, 2)]    // 150 releases: two pages of 100
    [InlineData(2, 3, false, 1 + 12)] // assets from before GitHub's digests: plus each .sha256 through its download URL (a redirect and the file; no REST budget)
    public async Task Over_GitHub_the_report_costs_one_request_per_hundred_releases(int releases, int perRelease, bool digests, int expectedRequests)
    {
        await using var ctx = await GitHubTestContext.StartAsync();
        var kernels = new List<string>();
        for (var r = 0; r < releases; r++)
        {
            var release = ctx.Server.State.CreateRelease(r == 0 ? "v0.1.0-debian-12-x86_64" : $"v0.1.0-older-shard-{r}");
            for (var p = 0; p < perRelease; p++)
            {
                var kernel = $"6.1.0-{(r * perRelease) + p + 1}-amd64";
                kernels.Add(kernel);
                var target = TargetValidator.Validate(new BuildRequest(kernel, "x86_64", "debian", "12", "v0.1.0")).GetTargetOrThrow();
                var name = PackageNaming.FileName(PackageNaming.DefaultDriverName, target);
                var bytes = Encoding.UTF8.GetBytes("package " + kernel);
                var package = ctx.Server.State.AddAsset(release, name, bytes) with { HasDigest = digests };
                var checksum = ctx.Server.State.AddAsset(release, PackageNaming.ChecksumFileName(name), Encoding.UTF8.GetBytes(KmodForge.IO.FileHashing.ChecksumLine(package.Sha256, name))) with { HasDigest = digests };
                release.Assets[^2] = package;
                release.Assets[^1] = checksum;
            }
        }

        var store = new GitHubReleaseStore(ctx.Connect());
        var before = ctx.Server.Requests.Count;
        var restBefore = ctx.Server.RateLimit.Total;
        var json = "{\"x86_64\": [" + string.Join(",", kernels.Take(1).Select(k => $"{{\"target\": \"debian\", \"kernelrelease\": \"{k}\", \"distroversion\": \"12\"}}")) + "]}";

        var report = await new CoverageBuilder(store, PackageNaming.DefaultDriverName, PackageNaming.DefaultReleaseTagTemplate)
            .BuildAsync(KmodForge.Kernels.KernelListJson.Parse(Encoding.UTF8.GetBytes(json), "kernels.json"), ["v0.1.0"], MatrixResults.Empty, DateTimeOffset.UnixEpoch, CancellationToken.None);

        var rows = report.Groups.SelectMany(g => g.Rows).ToList();
        Assert.Equal(kernels.Count, rows.Count(r => r.Status == CoverageStatus.Published));
        var first = rows.Single(r => r.KernelRelease == kernels[^1]);
        Assert.Equal(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(Encoding.UTF8.GetBytes("package " + kernels[^1]))), first.Sha256);
        Assert.StartsWith(ctx.Server.BaseUrl.ToString(), first.Url, StringComparison.Ordinal);
        Assert.Equal(expectedRequests, ctx.Server.Requests.Count - before);
        Assert.Equal((releases + 99) / 100, ctx.Server.RateLimit.Total - restBefore);
        Assert.Equal((releases + 99) / 100, ctx.Server.CallCount(GitHubEndpoints.ReleaseList));
    }

    [Theory]
    [InlineData("kmodforge-sample-debian-12-6.1.0-56-amd64_v0.1.0_amd64.deb", "debian 12 X86_64 6.1.0-56-amd64 v0.1.0")]
    [InlineData("kmodforge-sample-debian-13-6.12.117.deb13-arm64_v0.2.0_arm64.deb", "debian 13 Aarch64 6.12.117.deb13-arm64 v0.2.0")]
    [InlineData("kmodforge-sample-debian-12-6.1.0-56-amd64_v0.3.0_amd64.deb", null)]
    [InlineData("other-driver-debian-12-6.1.0-56-amd64_v0.1.0_amd64.deb", null)]
    [InlineData("kmodforge-sample-debian-12-_v0.1.0_amd64.deb", null)]
    public void A_stored_name_reads_back_into_its_target(string name, string? expected)
    {
        var target = PublishedPackageName.TryParse(PackageNaming.DefaultDriverName, name, ["v0.1.0", "v0.2.0"]);

        Assert.Equal(expected, target is null ? null : $"{target.Distribution} {target.DistroVersion} {target.Architecture} {target.KernelRelease} {target.DriverVersion}");
    }
}
