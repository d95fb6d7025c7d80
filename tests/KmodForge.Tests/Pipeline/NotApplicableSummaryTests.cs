using KmodForge.Errors;
using KmodForge.Pipeline;

namespace KmodForge.Tests.Pipeline;

public sealed class NotApplicableSummaryTests
{
    [Fact]
    public void The_outcome_is_found_through_wrappers_and_says_not_applicable_with_its_reason()
    {
        var wrapped = new InvalidOperationException("task Compile failed", new AggregateException(new NotApplicableException("BUILD_EXCLUSIVE_ARCH 'aarch64' excludes x86_64")));

        var found = NotApplicableSummary.Find(wrapped);
        var summary = new NotApplicableSummary("Driver build debian 12 x86_64 6.1.0-57-amd64 v1.0", found!.Reason);

        Assert.Equal("Driver build debian 12 x86_64 6.1.0-57-amd64 v1.0: not applicable (BUILD_EXCLUSIVE_ARCH 'aarch64' excludes x86_64)", summary.Text);
        Assert.StartsWith("### ⏭️ Driver build debian 12 x86_64 6.1.0-57-amd64 v1.0: not applicable", summary.Markdown, StringComparison.Ordinal);
        Assert.Equal([("outcome", "not_applicable"), ("reason", "BUILD_EXCLUSIVE_ARCH 'aarch64' excludes x86_64")], summary.Outputs);
        Assert.Null(NotApplicableSummary.Find(new InvalidOperationException("make failed")));
    }

    [Fact]
    public void The_failure_policy_gives_exit_code_3_and_does_not_call_it_an_error()
    {
        var report = FailurePolicy.Report(new NotApplicableException("BUILD_EXCLUSIVE_KERNEL '^5\\.' does not match 6.1.0-57-amd64"));

        Assert.Equal(3, report.ExitCode);
        Assert.False(report.IsBug);
        Assert.Equal("not applicable: BUILD_EXCLUSIVE_KERNEL '^5\\.' does not match 6.1.0-57-amd64", report.Text);
    }
}
