using KmodForge.Diagnostics;

namespace KmodForge.Tests.Diagnostics;

public sealed class ConsoleBuildLogTests
{
    private readonly StringWriter output = new();
    private readonly ManualTime time = new();

    private string[] Lines => output.ToString().Split(Environment.NewLine)[..^1];

    [Fact]
    public void Phase_has_a_header_and_an_end_line_with_the_elapsed_time()
    {
        var log = Create(LogVerbosity.Normal);

        using (log.Phase("Compile"))
        {
            time.Advance(TimeSpan.FromMilliseconds(2500));
        }

        Assert.Equal(["==> Compile", "<== Compile done in 2.5 s"], Lines);
    }

    [Fact]
    public void Quiet_shows_only_errors_and_minimal_adds_warnings()
    {
        var quiet = Create(LogVerbosity.Quiet);
        Write(quiet);
        Assert.Equal(["error: e"], Lines);

        output.GetStringBuilder().Clear();
        var minimal = Create(LogVerbosity.Minimal);
        Write(minimal);
        Assert.Equal(["warning: w", "error: e"], Lines);

        output.GetStringBuilder().Clear();
        var diagnostic = Create(LogVerbosity.Diagnostic);
        Write(diagnostic);
        Assert.Equal(["==> p", "i", "v", "warning: w", "error: e", "<== p done in 0.0 s"], Lines);
    }

    [Fact]
    public void Redirected_output_gets_a_progress_line_at_most_every_five_seconds()
    {
        var log = Create(LogVerbosity.Normal);

        for (var second = 0; second <= 12; second++)
        {
            log.Progress("image.tar", second * 1024L, null);
            time.Advance(TimeSpan.FromSeconds(1));
        }

        Assert.Equal(["image.tar: 0 B", "image.tar: 5.0 KiB, 1.0 KiB/s", "image.tar: 10.0 KiB, 1.0 KiB/s"], Lines);
    }

    [Fact]
    public void A_terminal_redraws_progress_in_place_at_most_four_times_a_second()
    {
        var log = new ConsoleBuildLog(output, new BuildLogOptions { Time = time }, isTerminal: true);

        for (var i = 0; i < 10; i++)
        {
            log.Progress("x", i, 100);
            time.Advance(TimeSpan.FromMilliseconds(100));
        }

        log.Info("message");

        var text = output.ToString();
        var redraws = text.Split("\r\u001b[K").Length - 1;
        Assert.Equal(4, redraws); // at 0, 300, 600 and 900 ms
        Assert.EndsWith($"{Environment.NewLine}message{Environment.NewLine}", text, StringComparison.Ordinal);
        Assert.DoesNotContain("\n", text[..text.LastIndexOf("x: 9 B", StringComparison.Ordinal)], StringComparison.Ordinal);
    }

    [Fact]
    public void Secrets_are_masked()
    {
        var masker = new SecretMasker();
        masker.Add("pa55word");
        var log = new ConsoleBuildLog(output, new BuildLogOptions { Masker = masker, Time = time }, isTerminal: false);

        log.Warning("login with pa55word failed");

        Assert.Equal(["warning: login with *** failed"], Lines);
    }

    private static void Write(IBuildLog log)
    {
        using (log.Phase("p"))
        {
            log.Info("i");
            log.Verbose("v");
            log.Warning("w");
            log.Error("e");
        }
    }

    private ConsoleBuildLog Create(LogVerbosity verbosity) =>
        new(output, new BuildLogOptions { Verbosity = verbosity, Time = time }, isTerminal: false);
}
