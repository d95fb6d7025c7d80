using KmodForge.Errors;

namespace KmodForge.Containers.Tooling;

/// <summary>A host tool other than the container engine (debootstrap, tar), run the same way as the container CLI.</summary>
public sealed class HostCommand(string executable, IProcessRunner? runner = null) : AsyncCliTool<CommandSettings>(runner)
{
    public override string Executable { get; } = executable;

    /// <summary>Whether the executable is found (a path, or a name on PATH).</summary>
    public bool IsInstalled() => ExecutableSearch.Find(Executable) is not null;

    protected override Exception Failure(string message, int exitCode) => new HostCommandException(message, exitCode);
}

/// <summary>A host tool (debootstrap, tar) failed; the message has the command line and its last error output.</summary>
public sealed class HostCommandException(string message, int exitCode) : KmodForgeException(message)
{
    public int ExitCode { get; } = exitCode;
}
