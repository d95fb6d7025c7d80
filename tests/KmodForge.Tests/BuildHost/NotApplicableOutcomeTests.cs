using KmodForge.Errors;
using KmodForge.Tests.Support;

namespace KmodForge.Tests.BuildHost;

/// <summary>The build host on a not-applicable outcome (a task throws NotApplicableException, as the compile does for dkms.conf BUILD_EXCLUSIVE_*).</summary>
public sealed class NotApplicableOutcomeTests : IDisposable
{
    private readonly TempDirectory temp = new();

    private HostHarness Host()
    {
        var host = new HostHarness { WithFailureSummary = true };
        host.Environment["GITHUB_OUTPUT"] = temp.Combine("output");
        host.Environment["GITHUB_STEP_SUMMARY"] = temp.Combine("summary.md");
        return host;
    }

    [Fact]
    public void Exits_3_saying_not_applicable_with_the_reason_without_calling_it_an_error()
    {
        var host = Host();

        var exit = host.Run("--target", "NotApplicable");

        Assert.Equal(ExitCodes.NotApplicable, exit);
        Assert.Contains("not applicable: BUILD_EXCLUSIVE_ARCH 'aarch64' excludes x86_64", host.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("Error:", host.Error, StringComparison.Ordinal);
        Assert.Contains("### ⏭️ The build: not applicable", File.ReadAllText(temp.Combine("summary.md")), StringComparison.Ordinal);
        var outputs = File.ReadAllLines(temp.Combine("output"));
        Assert.Equal("not_applicable", outputs[Array.FindIndex(outputs, l => l.StartsWith("outcome<<", StringComparison.Ordinal)) + 1]);
    }

    [Fact]
    public void A_workflow_can_ask_for_exit_code_0_and_read_the_outcome_output_instead()
    {
        var host = Host();

        var exit = host.Run("--target", "NotApplicable", "--not-applicable-exit-code=0");

        Assert.Equal(0, exit);
        Assert.Contains("reason<<", File.ReadAllText(temp.Combine("output")), StringComparison.Ordinal);
    }

    public void Dispose() => temp.Dispose();
}
