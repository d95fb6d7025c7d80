using KmodForge.Containers;
using KmodForge.Diagnostics;

namespace KmodForge.Tests.Containers;

/// <summary>The real engine these integration tests run against: Podman, through the same code Docker uses.</summary>
internal static class PodmanFixture
{
    public static CliContainerEngine Engine(IBuildLog? log = null) =>
        ContainerEngineFactory.Create(new ContainerSettings { Engine = ContainerEngineKind.Podman }, log ?? NullBuildLog.Instance);
}
