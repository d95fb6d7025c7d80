using KmodForge.Containers.Tooling;

namespace KmodForge.Containers;

/// <summary>Probes the machine: executables on PATH, and whether the Docker daemon answers.</summary>
public sealed class PathContainerEngineProbe(IProcessRunner? runner = null) : IContainerEngineProbe
{
    public bool IsInstalled(string executable) => ExecutableSearch.Find(executable) is not null;

    public bool DockerDaemonAnswers(TimeSpan timeout)
    {
        if (!IsInstalled("docker"))
        {
            return false;
        }

        var arguments = new CommandArguments().Arg("version").Arg("--format").Arg("{{.Server.Version}}");
        var options = new CommandOptions { Timeout = timeout, ThrowOnError = false };
        try
        {
            var result = new ContainerCli(ContainerEngineKind.Docker, runner).Execute(new ContainerToolSettings(), arguments, options);
            return result.ExitCode == 0;
        }
        catch (ContainerEngineException)
        {
            return false; // did not answer in time, or could not start
        }
    }
}
