using Cake.Core;
using Cake.Core.IO;
using Cake.Core.Tooling;

namespace KmodForge.Containers.Tooling;

/// <summary>The docker or podman CLI as a Cake tool. Every container alias and <see cref="CliContainerEngine"/> run through it.</summary>
public sealed class ContainerCli : AsyncCliTool<ContainerToolSettings>
{
    public ContainerCli(IFileSystem fileSystem, ICakeEnvironment environment, IProcessRunner processRunner, IToolLocator tools, ContainerEngineKind engine)
        : base(fileSystem, environment, processRunner, tools)
    {
        if (engine == ContainerEngineKind.Auto)
        {
            throw new ArgumentException("Resolve the engine (docker or podman) before creating the CLI.", nameof(engine));
        }

        Engine = engine;
    }

    public ContainerEngineKind Engine { get; }

    protected override string GetToolName() => Engine.Executable();

    protected override IEnumerable<string> GetToolExecutableNames() => [Engine.Executable()];

    protected override Exception Failure(string message, int exitCode) => new ContainerEngineException(message, exitCode);
}
