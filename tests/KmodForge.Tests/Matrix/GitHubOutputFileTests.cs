using KmodForge.Matrix;

namespace KmodForge.Tests.Matrix;

public sealed class GitHubOutputFileTests
{
    [Fact]
    public void Writes_multi_line_values_with_a_delimiter_they_do_not_contain()
    {
        var text = GitHubOutputFile.Format([("chunk_keys", "line one\nline two"), ("builds", "3")]);
        var lines = text.Split('\n');

        Assert.StartsWith("chunk_keys<<ghadelimiter_", lines[0], StringComparison.Ordinal);
        var delimiter = lines[0]["chunk_keys<<".Length..];
        Assert.Equal(["line one", "line two", delimiter], lines[1..4]);
        Assert.StartsWith("builds<<ghadelimiter_", lines[4], StringComparison.Ordinal);
        Assert.Equal("3", lines[5]);
        Assert.EndsWith("\n", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Refuses_outputs_beyond_its_small_budget_and_bad_names()
    {
        Assert.Throws<OutputTooLargeException>(() => GitHubOutputFile.Format([("x", new string('a', GitHubOutputFile.MaxBytes))]));
        Assert.Throws<ArgumentException>(() => GitHubOutputFile.Format([("a\nb", "1")]));
        Assert.True(GitHubOutputFile.MaxBytes * 16 <= GitHubLimits.MaxJobOutputBytes);
    }
}
