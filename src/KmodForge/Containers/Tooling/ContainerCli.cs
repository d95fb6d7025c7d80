namespace KmodForge.Containers.Tooling;

/// <summary>The docker or podman CLI. <see cref="CliContainerEngine"/> runs every container command through it.</summary>
public sealed class ContainerCli : AsyncCliTool<ContainerToolSettings>
{
    public ContainerCli(ContainerEngineKind engine, IProcessRunner? runner = null)
        : base(runner)
    {
        if (engine == ContainerEngineKind.Auto)
        {
            throw new ArgumentException("Resolve the engine (docker or podman) before creating the CLI.", nameof(engine));
        }

        Engine = engine;
    }

    public ContainerEngineKind Engine { get; }

    public override string Executable => Engine.Executable();

    protected override Exception Failure(string message, int exitCode) => new ContainerEngineException(message, exitCode);
}
