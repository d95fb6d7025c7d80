using Cake.Core.IO;
using Cake.Core.Tooling;
using KmodForge.Containers.Tooling;

namespace KmodForge.Containers;

/// <summary>Probes the machine through Cake's tool locator and process runner.</summary>
public sealed class CakeContainerEngineProbe(IToolLocator tools, IProcessRunner processRunner) : IContainerEngineProbe
{
    public bool IsInstalled(string executable) => tools.Resolve(executable) is not null;

    public bool DockerDaemonAnswers(TimeSpan timeout)
    {
        var docker = tools.Resolve("docker");
        if (docker is null)
        {
            return false;
        }

        var arguments = new ProcessArgumentBuilder().Arg("version").Arg("--format").Arg("{{.Server.Version}}");
        var process = processRunner.Start(docker, new ProcessSettings
        {
            Arguments = arguments,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            Silent = true,
        });
        if (process is null)
        {
            return false;
        }

        if (!process.WaitForExit((int)timeout.TotalMilliseconds))
        {
            try
            {
                process.Kill();
            }
            catch (InvalidOperationException)
            {
            }

            return false;
        }

        return process.GetExitCode() == 0;
    }
}
