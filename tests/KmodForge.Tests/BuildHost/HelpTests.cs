using KmodForge.Targets;

namespace KmodForge.Tests.BuildHost;

public sealed class HelpTests
{
    [Fact]
    public void Help_lists_the_distributions_of_the_registry()
    {
        var host = new HostHarness { RealBuildTasks = true };

        var exit = host.Run("--help");

        Assert.Equal(0, exit);
        Assert.Contains("Target distribution: " + string.Join(", ", DistroRegistry.All.Select(d => d.Id)) + ".", host.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("{distributions}", host.Output, StringComparison.Ordinal);
    }
}
