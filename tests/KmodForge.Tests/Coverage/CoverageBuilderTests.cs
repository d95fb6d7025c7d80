using KmodForge.Coverage;
using KmodForge.Tests.Support;

namespace KmodForge.Tests.Coverage;

public sealed class CoverageBuilderTests
{
    [Fact]
    public async Task Each_kernel_is_published_failed_or_missing_from_the_store_and_the_matrix_results()
    {
        using var temp = new TempDirectory();
        var report = await CoverageFixture.BuildAsync(temp.Path);

        var rows = report.Groups.SelectMany(g => g.Rows.Select(r => (g.Distribution, g.DistroVersion, g.Architecture, Row: r))).ToList();
        Assert.Equal(5, rows.Count);
        var published = Assert.Single(rows, r => r.Row.KernelRelease == "6.1.0-56-amd64").Row;
        Assert.Equal(CoverageStatus.Published, published.Status);
        Assert.Equal("kmodforge-sample-debian-12-6.1.0-56-amd64_v0.1.0_amd64.deb", published.FileName);
        Assert.Equal("package bytes of 6.1.0-56-amd64".Length, published.Size);
        Assert.Matches("^[0-9a-f]{64}$", published.Sha256!);
        Assert.Equal(Path.Combine(temp.Path, "releases", "v0.1.0-debian-12-x86_64", published.FileName!), published.Url);

        var failed = Assert.Single(rows, r => r.Row.KernelRelease == "6.1.0-55-amd64").Row;
        Assert.Equal((CoverageStatus.Failed, "make: modpost: undefined symbol <x>", "https://github.com/acme/drivers/actions/runs/43"), (failed.Status, failed.Reason, failed.RunUrl));
        Assert.Equal(CoverageStatus.Missing, Assert.Single(rows, r => r.Row.KernelRelease == "6.1.0-56-arm64").Row.Status);
        Assert.Equal(CoverageStatus.Published, Assert.Single(rows, r => r.Row.KernelRelease == "6.12.117+deb13-amd64").Row.Status);
        Assert.Equal(("m-42", "https://github.com/acme/drivers/actions/runs/42"), (report.MatrixId, report.MatrixRunUrl));
    }

    [Fact]
    public async Task Groups_go_by_distribution_newest_version_first_and_kernels_newest_first()
    {
        using var temp = new TempDirectory();
        var report = await CoverageFixture.BuildAsync(temp.Path, ["v0.1.0", "v0.2.0"]);

        Assert.Equal(["debian 13 x86_64", "debian 12 aarch64", "debian 12 x86_64"],
            report.Groups.Select(g => $"{g.Distribution} {g.DistroVersion} {g.Architecture}"));
        var x86 = report.Groups.Single(g => g.DistroVersion == "12" && g.Architecture == "x86_64");
        Assert.Equal(
            ["6.12.117+deb12-amd64 v0.2.0", "6.12.117+deb12-amd64 v0.1.0", "6.1.0-56-amd64 v0.2.0", "6.1.0-56-amd64 v0.1.0", "6.1.0-55-amd64 v0.2.0", "6.1.0-55-amd64 v0.1.0"],
            x86.Rows.Select(r => $"{r.KernelRelease} {r.DriverVersion}"));
        var counts = Assert.Single(report.Counts()).Value;
        Assert.Equal((2, 1, 0, 7), (counts[CoverageStatus.Published], counts[CoverageStatus.Failed], counts[CoverageStatus.NotApplicable], counts[CoverageStatus.Missing]));
    }

    [Fact]
    public async Task A_kernel_the_registry_rejects_is_not_applicable_with_the_reason()
    {
        using var temp = new TempDirectory();
        var kernels = KmodForge.Kernels.KernelListJson.Parse("""{"x86_64": [{"target": "debian", "kernelrelease": "6.1.0-56-amd64", "distroversion": "12"}]}"""u8, "kernels.json");
        var store = new KmodForge.Publishing.LocalDirectoryReleaseStore(temp.Path);

        var report = await new CoverageBuilder(store, "kmodforge-sample", "{driver_version}")
            .BuildAsync(kernels, ["not a version!"], MatrixResults.Empty, DateTimeOffset.UnixEpoch, CancellationToken.None);

        var row = Assert.Single(Assert.Single(report.Groups).Rows);
        Assert.Equal(CoverageStatus.NotApplicable, row.Status);
        Assert.Contains("driver_version", row.Reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{"format": 2, "results": []}""", "has format 2; accepted: 1")]
    [InlineData("""{"format": 1, "results": [{"distribution": "debian", "distro_version": "12", "architecture": "x86_64", "kernel_release": "k", "driver_version": "v1", "outcome": "ok"}]}""",
        "$.results[0].outcome is 'ok'; accepted: failed, not_applicable")]
    [InlineData("""{"format": 1, "results": [{"distribution": "debian"}]}""", "is not a matrix results file")]
    [InlineData("not json", "is not a matrix results file")]
    public void A_bad_results_file_names_the_setting_and_what_is_wrong(string json, string expected)
    {
        using var temp = new TempDirectory();
        var path = temp.Combine("results.json");
        File.WriteAllText(path, json);

        var e = Assert.Throws<ReportInputException>(() => MatrixResults.Read(path));

        Assert.StartsWith("--matrix-results: ", e.Message, StringComparison.Ordinal);
        Assert.Contains(expected, e.Message, StringComparison.Ordinal);
    }
}
