using KmodForge.Containers;
using KmodForge.Containers.Tooling;

namespace KmodForge.Tests.Containers;

/// <summary>A recording process runner and the container CLI over it (nothing is started).</summary>
internal sealed class ContainerFixture : IDisposable
{
    public RecordingProcessRunner Runner { get; } = new();

    public ContainerCli Cli(ContainerEngineKind engine) => new(engine, Runner);

    public void Dispose()
    {
    }
}
