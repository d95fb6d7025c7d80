using KmodForge.Diagnostics;

namespace KmodForge.Tests.Diagnostics;

public sealed class BuildLogFactoryTests
{
    [Fact]
    public void Chooses_the_GitHub_Actions_log_when_GITHUB_ACTIONS_is_true()
    {
        var log = BuildLogFactory.Create(new BuildLogOptions(), n => n == "GITHUB_ACTIONS" ? "true" : null, new StringWriter());

        Assert.IsType<GitHubActionsBuildLog>(log);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("false")]
    public void Chooses_the_console_log_elsewhere(string? value)
    {
        var log = BuildLogFactory.Create(new BuildLogOptions(), n => n == "GITHUB_ACTIONS" ? value : null, new StringWriter());

        Assert.IsType<ConsoleBuildLog>(log);
    }

    [Fact]
    public void Workflow_command_properties_escape_colons_and_commas()
    {
        Assert.Equal("a%3Ab%2Cc%25%0A", WorkflowCommand.EscapeProperty("a:b,c%\n"));
    }
}
