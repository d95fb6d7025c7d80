using KmodForge.Configuration;
using KmodForge.Errors;
using KmodForge.Headers.Rpm;

namespace KmodForge.Tests.Errors;

public sealed class FailurePolicyTests
{
    [Fact]
    public void An_expected_failure_is_its_message_and_its_exit_code()
    {
        var report = FailurePolicy.Report(new SettingsException(["--chunk-ref: '' is empty"]));

        Assert.False(report.IsBug);
        Assert.Equal(ExitCodes.InvalidInput, report.ExitCode);
        Assert.Equal("Error: Invalid setting --chunk-ref: '' is empty", report.Text);
    }

    [Fact]
    public void An_expected_failure_wrapped_by_the_runtime_is_still_expected()
    {
        var inner = new HeaderDownloadException("no headers");

        var report = FailurePolicy.Report(new AggregateException(new System.Reflection.TargetInvocationException(inner)));

        Assert.False(report.IsBug);
        Assert.Equal(ExitCodes.Failed, report.ExitCode);
        Assert.Equal("no headers", report.Message);
    }

    [Fact]
    public void Any_other_exception_is_a_bug_with_its_stack_trace()
    {
        Exception thrown;
        try
        {
            throw new InvalidOperationException("a null slipped through");
        }
        catch (InvalidOperationException e)
        {
            thrown = e;
        }

        var report = FailurePolicy.Report(thrown);

        Assert.True(report.IsBug);
        Assert.Equal(ExitCodes.Bug, report.ExitCode);
        Assert.Contains("unexpected failure (a bug", report.Text, StringComparison.Ordinal);
        Assert.Contains("at KmodForge.Tests.Errors.FailurePolicyTests", report.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void An_entry_point_adds_its_own_expected_failures_and_wrappers()
    {
        var wrapped = new FormatException("outer", new ArgumentException("bad --verbosity"));

        var report = FailurePolicy.Report(wrapped, e => e is ArgumentException ? ExitCodes.InvalidInput : null, e => e is FormatException ? e.InnerException : null);

        Assert.Equal(new FailureReport(false, ExitCodes.InvalidInput, "bad --verbosity"), report);
    }

    [Fact]
    public void A_cancellation_is_expected_and_exits_130()
    {
        var report = FailurePolicy.Report(new OperationCanceledException());

        Assert.Equal(new FailureReport(false, ExitCodes.Cancelled, "cancelled"), report);
    }

    [Fact]
    public void Printable_escapes_control_characters_and_caps_long_values()
    {
        Assert.Equal("'a\\u001b[31mb\\u0000'", Printable.Quote("a\u001b[31mb\0"));
        Assert.Equal("'" + new string('x', 80) + "'... (100000 characters)", Printable.Quote(new string('x', 100_000)));
        Assert.Equal("(missing)", Printable.Quote(null));
    }
}
