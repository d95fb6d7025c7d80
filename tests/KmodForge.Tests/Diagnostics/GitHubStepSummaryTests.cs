using KmodForge.Diagnostics;

namespace KmodForge.Tests.Diagnostics;

public sealed class GitHubStepSummaryTests : IDisposable
{
    private readonly string directory = Directory.CreateTempSubdirectory("kmodforge-summary-").FullName;

    private string SummaryPath => Path.Combine(directory, "step_summary.md");

    public void Dispose() => Directory.Delete(directory, recursive: true);

    [Fact]
    public void Appends_markdown_blocks_to_the_file_named_by_the_environment()
    {
        File.WriteAllText(SummaryPath, "# Earlier step\n");
        var summary = GitHubStepSummary.FromEnvironment(n => n == "GITHUB_STEP_SUMMARY" ? SummaryPath : null, new SecretMasker());

        Assert.NotNull(summary);
        summary.AppendHeading("Packages");
        summary.AppendTable(["Target", "Package"], [["ubuntu-24.04 x86_64", "kmod_1.0|x.deb"], ["fedora\n43", "ok"]]);

        Assert.Equal(
            "# Earlier step\n## Packages\n| Target | Package |\n| --- | --- |\n| ubuntu-24.04 x86_64 | kmod_1.0\\|x.deb |\n| fedora<br>43 | ok |\n",
            File.ReadAllText(SummaryPath));
    }

    [Fact]
    public void Is_absent_outside_GitHub_Actions()
    {
        Assert.Null(GitHubStepSummary.FromEnvironment(_ => null, new SecretMasker()));
        Assert.Null(GitHubStepSummary.FromEnvironment(_ => string.Empty, new SecretMasker()));
    }

    [Fact]
    public void Masks_secrets_in_what_it_appends()
    {
        var masker = new SecretMasker();
        masker.Add("ghp_abcdef123456");
        var summary = new GitHubStepSummary(SummaryPath, masker);

        summary.Append("token ghp_abcdef123456 used");

        Assert.Equal("token *** used\n", File.ReadAllText(SummaryPath));
    }

    [Fact]
    public void Concurrent_appends_never_interleave()
    {
        var summary = new GitHubStepSummary(SummaryPath, new SecretMasker());
        var block = string.Concat(Enumerable.Repeat("0123456789", 400));

        Parallel.For(0, 64, i => summary.Append($"{i:00}:{block}"));

        var lines = File.ReadAllLines(SummaryPath);
        Assert.Equal(64, lines.Length);
        Assert.All(lines, l => Assert.Matches($"^[0-9]{{2}}:{block}$", l));
        Assert.Equal(64, lines.Select(l => l[..2]).Distinct().Count());
    }
}
