using KmodForge.Coverage;
using KmodForge.Errors;
using KmodForge.Tests.Support;

namespace KmodForge.Tests.Coverage;

/// <summary>The nightly's per-build outcome records and their merge into the results file the report reads.</summary>
public sealed class MatrixOutcomesTests
{
    private static readonly MatrixBuildKey Key = new("debian", "12", "x86_64", "6.1.0-55-amd64", "v0.1.0");

    [Fact]
    public void A_build_is_published_failed_or_not_applicable_by_how_it_ended()
    {
        var published = MatrixOutcomes.Of(Key, null, "https://github.com/acme/drivers/actions/runs/7");
        var failed = MatrixOutcomes.Of(Key, FailurePolicy.Report(new KmodForgeException("make: modpost: undefined symbol foo")), null);
        var notApplicable = MatrixOutcomes.Of(Key, FailurePolicy.Report(new NotApplicableException("BUILD_EXCLUSIVE_KERNEL '^5\\.' does not match 6.1.0-55-amd64")), null);

        Assert.Equal(("published", null), (published.Outcome, published.Reason));
        Assert.Equal(("failed", "make: modpost: undefined symbol foo"), (failed.Outcome, failed.Reason));
        Assert.Equal(("not_applicable", "BUILD_EXCLUSIVE_KERNEL '^5\\.' does not match 6.1.0-55-amd64"), (notApplicable.Outcome, notApplicable.Reason));
        Assert.Equal(Key, new MatrixBuildKey(failed.Distribution, failed.DistroVersion, failed.Architecture, failed.KernelRelease, failed.DriverVersion));
    }

    [Theory]
    [InlineData("https://github.com", "acme/drivers", "42", "1", "https://github.com/acme/drivers/actions/runs/42")]
    [InlineData("https://ghe.example/", "acme/drivers", "42", "3", "https://ghe.example/acme/drivers/actions/runs/42/attempts/3")]
    [InlineData("https://github.com", "acme/drivers; rm -rf /", "42", "1", null)]
    [InlineData("https://github.com", "acme/drivers", "42abc", "1", null)]
    [InlineData("javascript:alert(1)", "acme/drivers", "42", "1", null)]
    [InlineData(null, "acme/drivers", "42", "1", null)]
    public void The_run_link_comes_from_the_variables_GitHub_sets_and_only_those_it_would_set(string? server, string repository, string id, string attempt, string? expected)
    {
        var env = new Dictionary<string, string?> { ["GITHUB_SERVER_URL"] = server, ["GITHUB_REPOSITORY"] = repository, ["GITHUB_RUN_ID"] = id, ["GITHUB_RUN_ATTEMPT"] = attempt };

        Assert.Equal(expected, MatrixOutcomes.RunUrl(name => env.GetValueOrDefault(name)));
    }

    [Fact]
    public void The_merge_keeps_what_did_not_publish_and_counts_every_outcome()
    {
        using var temp = new TempDirectory();
        MatrixOutcomes.Write(temp.Combine("outcomes", "0.json"), MatrixOutcomes.Of(Key, null, null));
        MatrixOutcomes.Write(temp.Combine("outcomes", "1.json"), MatrixOutcomes.Of(Key with { KernelRelease = "6.1.0-56-amd64" }, FailurePolicy.Report(new KmodForgeException("boom")), "https://github.com/acme/drivers/actions/runs/9"));
        MatrixOutcomes.Write(temp.Combine("outcomes", "2.json"), MatrixOutcomes.Of(Key with { KernelRelease = "6.1.0-57-amd64" }, FailurePolicy.Report(new NotApplicableException("no")), null));

        var (results, counts) = MatrixOutcomes.Merge(temp.Combine("outcomes"), "m-1", "https://github.com/acme/drivers/actions/runs/9");
        MatrixOutcomes.WriteResults(temp.Combine("results", "matrix-results.json"), results);
        var read = MatrixResults.ReadFileOrDirectory(temp.Combine("results"));

        Assert.Equal((1, 1, 1), (counts["published"], counts["failed"], counts["not_applicable"]));
        Assert.Equal(["6.1.0-56-amd64 failed boom", "6.1.0-57-amd64 not_applicable no"], read.Results.Select(r => $"{r.KernelRelease} {r.Outcome} {r.Reason}"));
        Assert.Equal(("m-1", "https://github.com/acme/drivers/actions/runs/9"), (read.MatrixId, read.RunUrl));
    }

    [Fact]
    public void A_directory_of_chunk_results_is_read_as_one()
    {
        using var temp = new TempDirectory();
        MatrixOutcomes.WriteResults(temp.Combine("runs", "101", "matrix-results.json"), new MatrixResults(1, [MatrixOutcomes.Of(Key, FailurePolicy.Report(new KmodForgeException("a")), null)], "m-2"));
        MatrixOutcomes.WriteResults(temp.Combine("runs", "102", "matrix-results.json"), new MatrixResults(1, [MatrixOutcomes.Of(Key with { Architecture = "aarch64" }, FailurePolicy.Report(new KmodForgeException("b")), null)], "m-2"));

        var results = MatrixResults.ReadFileOrDirectory(temp.Combine("runs"));

        Assert.Equal(["x86_64 a", "aarch64 b"], results.Results.Select(r => $"{r.Architecture} {r.Reason}"));
        Assert.Equal("m-2", results.MatrixId);
        Directory.CreateDirectory(temp.Combine("empty"));
        Assert.Empty(MatrixResults.ReadFileOrDirectory(temp.Combine("empty")).Results);
    }

    [Fact]
    public void A_bad_record_names_the_setting_and_the_file()
    {
        using var temp = new TempDirectory();
        File.WriteAllText(temp.Combine("0.json"), """{"distribution": "debian", "distro_version": "12", "architecture": "x86_64", "kernel_release": "k", "driver_version": "v1", "outcome": "maybe"}""");

        var e = Assert.Throws<ReportInputException>(() => MatrixOutcomes.Merge(temp.Path, null, null));

        Assert.Contains("--matrix-outcomes-dir: ", e.Message, StringComparison.Ordinal);
        Assert.Contains("$.outcome is 'maybe'; accepted: published, failed, not_applicable", e.Message, StringComparison.Ordinal);
    }
}
