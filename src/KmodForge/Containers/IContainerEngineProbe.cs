namespace KmodForge.Containers;

/// <summary>What engine selection needs to know about the machine.</summary>
public interface IContainerEngineProbe
{
    /// <summary>Whether the executable is found (tools folder or PATH).</summary>
    bool IsInstalled(string executable);

    /// <summary>Whether <c>docker version --format {{.Server.Version}}</c> exits 0 within <paramref name="timeout"/>.</summary>
    bool DockerDaemonAnswers(TimeSpan timeout);
}
