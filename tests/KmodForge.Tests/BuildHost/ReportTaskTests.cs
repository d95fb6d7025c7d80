using System.Text.Json;
using KmodForge.Publishing;
using KmodForge.Tests.Coverage;
using KmodForge.Tests.Support;

namespace KmodForge.Tests.BuildHost;

/// <summary>The Report task as a user runs it: a kernels file, a local release store and matrix results in, a site out.</summary>
public sealed class ReportTaskTests
{
    [Fact]
    public async Task Report_writes_the_site_from_the_kernels_file_the_local_store_and_the_matrix_results()
    {
        using var temp = new TempDirectory();
        File.WriteAllText(temp.Combine("kernels.json"), CoverageFixture.KernelsJson);
        File.WriteAllText(temp.Combine("results.json"), CoverageFixture.ResultsJson);
        await CoverageFixture.PublishAsync(new LocalDirectoryReleaseStore(temp.Combine("releases")), temp.Combine("scratch"), "6.1.0-56-amd64");
        var host = new HostHarness { RealBuildTasks = true };

        var exit = host.Run(["--target=Report", "--kernels-file=" + temp.Combine("kernels.json"), "--release-dir=" + temp.Combine("releases"),
            "--matrix-results=" + temp.Combine("results.json"), "--report-dir=" + temp.Combine("site"), "--driver-versions=v0.1.0"]);

        Assert.True(exit == 0, host.Error + host.Output);
        using var json = JsonDocument.Parse(File.ReadAllBytes(temp.Combine("site", "coverage.json")));
        var counts = json.RootElement.GetProperty("counts").GetProperty("debian");
        Assert.Equal((1, 1, 0, 3), (counts.GetProperty("published").GetInt32(), counts.GetProperty("failed").GetInt32(),
            counts.GetProperty("not_applicable").GetInt32(), counts.GetProperty("missing").GetInt32()));
        Assert.Equal("m-42", json.RootElement.GetProperty("matrix_id").GetString());
        Assert.True(File.Exists(temp.Combine("site", "index.html")));
    }

    [Theory]
    [InlineData(new string[0], "--driver-versions: (missing)")]
    public void A_bad_setting_is_one_message_and_exit_code_2(string[] args, string expected)
    {
        using var temp = new TempDirectory();
        File.WriteAllText(temp.Combine("kernels.json"), CoverageFixture.KernelsJson);
        var host = new HostHarness { RealBuildTasks = true };

        var exit = host.Run(["--target=Report", "--kernels-file=" + temp.Combine("kernels.json"), "--report-dir=" + temp.Combine("site"), .. args]);

        Assert.Equal(2, exit);
        Assert.Contains(expected, host.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", host.Error, StringComparison.Ordinal);
        Assert.False(Directory.Exists(temp.Combine("site")));
    }

    [Fact]
    public void A_build_that_fails_records_its_outcome_and_MatrixResults_merges_the_records()
    {
        using var temp = new TempDirectory();
        var host = new HostHarness { RealBuildTasks = true, WithFailureSummary = true };
        host.Environment["GITHUB_SERVER_URL"] = "https://github.com";
        host.Environment["GITHUB_REPOSITORY"] = "acme/drivers";
        host.Environment["GITHUB_RUN_ID"] = "42";

        var exit = host.Run(["--target=Driver", "--distribution=nodistro", "--distro-version=12", "--kernel-release=6.1.0-55-amd64", "--architecture=x86_64",
            "--driver-version=v0.1.0", "--matrix-outcome-file=" + temp.Combine("outcomes", "0.json")]);
        var merge = new HostHarness { RealBuildTasks = true };
        var merged = merge.Run(["--target=MatrixResults", "--matrix-outcomes-dir=" + temp.Combine("outcomes"), "--matrix-results=" + temp.Combine("results.json"), "--matrix-id=m-7"]);

        Assert.Equal(2, exit);
        var record = KmodForge.Coverage.MatrixOutcomes.Read(temp.Combine("outcomes", "0.json"));
        Assert.Equal(("failed", "nodistro", "6.1.0-55-amd64", "https://github.com/acme/drivers/actions/runs/42"), (record.Outcome, record.Distribution, record.KernelRelease, record.RunUrl));
        Assert.Contains("nodistro", record.Reason, StringComparison.Ordinal);
        Assert.True(merged == 0, merge.Error + merge.Output);
        var results = KmodForge.Coverage.MatrixResults.Read(temp.Combine("results.json"));
        Assert.Equal(("m-7", "failed"), (results.MatrixId, Assert.Single(results.Results).Outcome));
    }
}
