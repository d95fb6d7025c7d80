using KmodForge.Configuration;

namespace KmodForge.Tests.BuildHost;

public sealed class HostTestSettings
{
    [Setting("test-distro", "Distribution the test task reports")]
    public string Distro { get; init; } = "debian";

    [Setting("test-jobs", "Parallel jobs")]
    public int Jobs { get; init; } = 2;

    [Setting("test-token", "A token for the test", Secret = true)]
    public string? Token { get; init; }
}
