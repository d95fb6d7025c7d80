using Cake.Core;
using Cake.Core.IO;
using Cake.Core.Tooling;

namespace KmodForge.Containers.Tooling;

/// <summary>A host tool other than the container engine (debootstrap, tar), run the same way as the container CLI.</summary>
public sealed class HostCommand(IFileSystem fileSystem, ICakeEnvironment environment, IProcessRunner processRunner, IToolLocator tools, string executable)
    : AsyncCliTool<ToolSettings>(fileSystem, environment, processRunner, tools)
{
    public string Executable { get; } = executable;

    /// <summary>Whether the executable is found (tools folder or PATH).</summary>
    public bool IsInstalled() => GetToolPath(new ToolSettings()) is not null;

    protected override string GetToolName() => Executable;

    protected override IEnumerable<string> GetToolExecutableNames() => [Executable];

    protected override Exception Failure(string message, int exitCode) => new HostCommandException(message, exitCode);
}

/// <summary>A host tool (debootstrap, tar) failed; the message has the command line and its last error output.</summary>
public sealed class HostCommandException(string message, int exitCode) : Exception(message)
{
    public int ExitCode { get; } = exitCode;
}
