using KmodForge.Diagnostics;

namespace KmodForge.Tests.Diagnostics;

public sealed class GitHubActionsBuildLogTests
{
    private readonly StringWriter output = new();
    private readonly ManualTime time = new();
    private readonly SecretMasker masker = new();

    private string[] Lines => output.ToString().Split(Environment.NewLine)[..^1];

    [Fact]
    public void Each_phase_is_a_group_that_ends_with_its_duration()
    {
        var log = Create();

        using (log.Phase("Download headers"))
        {
            log.Info("fetching");
            time.Advance(TimeSpan.FromSeconds(12));
        }

        Assert.Equal(["::group::Download headers", "fetching", "Download headers done in 12 s", "::endgroup::"], Lines);
    }

    [Fact]
    public void A_phase_inside_a_phase_is_not_a_second_group()
    {
        var log = Create();

        using (log.Phase("outer"))
        {
            using (log.Phase("inner"))
            {
            }
        }

        Assert.Single(Lines, l => l.StartsWith("::group::", StringComparison.Ordinal));
        Assert.Single(Lines, l => l == "::endgroup::");
        Assert.Equal("::endgroup::", Lines[^1]);
    }

    [Fact]
    public void Warnings_and_errors_are_annotations_with_escaped_data()
    {
        var log = Create();

        log.Warning("50% done\nnext line");
        log.Error("failed\r\nat 100%");

        Assert.Equal(["::warning::50%25 done%0Anext line", "::error::failed%0D%0Aat 100%25"], Lines);
    }

    [Fact]
    public void Output_that_looks_like_a_workflow_command_is_fenced()
    {
        var log = Create();

        log.Info("  ::set-env name=PATH::/evil");

        var lines = Lines;
        Assert.Equal(3, lines.Length);
        Assert.StartsWith("::stop-commands::", lines[0], StringComparison.Ordinal);
        var token = lines[0]["::stop-commands::".Length..];
        Assert.Matches("^[0-9a-f]{32}$", token);
        Assert.Equal("  ::set-env name=PATH::/evil", lines[1]);
        Assert.Equal($"::{token}::", lines[2]);
    }

    [Fact]
    public void Secrets_are_announced_to_the_runner_and_masked_in_every_line()
    {
        masker.Add("early-secret");
        var log = Create();

        masker.Add("tok%en-12\nsecond-line");
        log.Info("using tok%en-12 and early-secret");
        log.Error("second-line leaked?");

        Assert.Equal(
            ["::add-mask::early-secret", "::add-mask::tok%25en-12", "::add-mask::second-line", "using *** and ***", "::error::*** leaked?"],
            Lines);
    }

    [Fact]
    public void Progress_is_a_plain_line_about_every_ten_seconds_and_at_completion()
    {
        var log = Create();
        const long total = 100L * 1024 * 1024;

        log.Progress("headers.deb", 0, total);
        time.Advance(TimeSpan.FromSeconds(4));
        log.Progress("headers.deb", 10L * 1024 * 1024, total);
        time.Advance(TimeSpan.FromSeconds(7));
        log.Progress("headers.deb", 22L * 1024 * 1024, total);
        time.Advance(TimeSpan.FromSeconds(1));
        log.Progress("headers.deb", total, total);

        Assert.Equal(
            ["headers.deb: 0 B / 100.0 MiB (0%)", "headers.deb: 22.0 MiB / 100.0 MiB (22%), 2.0 MiB/s", "headers.deb: 100.0 MiB / 100.0 MiB (100%), 8.3 MiB/s"],
            Lines);
    }

    [Fact]
    public void Verbose_lines_appear_only_at_verbose_levels()
    {
        var normal = Create();
        normal.Verbose("detail");
        Assert.Empty(Lines);

        var verbose = new GitHubActionsBuildLog(output, new BuildLogOptions { Verbosity = LogVerbosity.Verbose, Masker = masker, Time = time });
        verbose.Verbose("detail");
        Assert.Equal(["detail"], Lines);
    }

    private GitHubActionsBuildLog Create() => new(output, new BuildLogOptions { Masker = masker, Time = time });
}
