using KmodForge.Configuration;
using KmodForge.Containers;

namespace KmodForge.Tests.Containers;

public sealed class ContainerEngineSelectorTests
{
    private static readonly TimeSpan ProbeTimeout = TimeSpan.FromSeconds(5);

    [Fact]
    public void Auto_chooses_docker_when_a_docker_daemon_answers()
    {
        var probe = new Probe(installed: ["docker", "podman"], dockerDaemon: true);

        Assert.Equal(ContainerEngineKind.Docker, ContainerEngineSelector.Select(ContainerEngineKind.Auto, probe, ProbeTimeout).Engine);
    }

    [Fact]
    public void Auto_chooses_podman_when_docker_is_installed_but_no_daemon_answers()
    {
        var probe = new Probe(installed: ["docker", "podman"], dockerDaemon: false);

        var selection = ContainerEngineSelector.Select(ContainerEngineKind.Auto, probe, ProbeTimeout);

        Assert.Equal(ContainerEngineKind.Podman, selection.Engine);
        Assert.Contains("no Docker daemon answered", selection.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Auto_does_not_probe_a_daemon_when_docker_is_not_installed()
    {
        var probe = new Probe(installed: ["podman"], dockerDaemon: true);

        Assert.Equal(ContainerEngineKind.Podman, ContainerEngineSelector.Select(ContainerEngineKind.Auto, probe, ProbeTimeout).Engine);
        Assert.Equal(0, probe.DaemonProbes);
    }

    [Fact]
    public void Auto_without_any_engine_says_what_was_tried_and_how_to_install_one()
    {
        var probe = new Probe(installed: ["docker"], dockerDaemon: false);

        var e = Assert.Throws<ContainerEngineUnavailableException>(() => ContainerEngineSelector.Select(ContainerEngineKind.Auto, probe, ProbeTimeout));

        Assert.Contains("no Docker daemon answered `docker version` within 5 s", e.Message, StringComparison.Ordinal);
        Assert.Contains("`podman` is not on PATH", e.Message, StringComparison.Ordinal);
        Assert.Contains("apt-get install podman", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_explicit_engine_that_is_not_installed_is_an_error_naming_the_setting()
    {
        var probe = new Probe(installed: ["docker"], dockerDaemon: true);

        var e = Assert.Throws<ContainerEngineUnavailableException>(() => ContainerEngineSelector.Select(ContainerEngineKind.Podman, probe, ProbeTimeout));

        Assert.Contains("KMODFORGE_CONTAINER_ENGINE", e.Message, StringComparison.Ordinal);
        Assert.Contains("`podman` is not on PATH", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_explicit_docker_is_used_without_probing_its_daemon()
    {
        var probe = new Probe(installed: ["docker"], dockerDaemon: false);

        Assert.Equal(ContainerEngineKind.Docker, ContainerEngineSelector.Select(ContainerEngineKind.Docker, probe, ProbeTimeout).Engine);
        Assert.Equal(0, probe.DaemonProbes);
    }

    [Theory]
    [InlineData("podman", ContainerEngineKind.Podman)]
    [InlineData("docker", ContainerEngineKind.Docker)]
    [InlineData("auto", ContainerEngineKind.Auto)]
    public void The_engine_setting_binds_from_KMODFORGE_CONTAINER_ENGINE(string value, ContainerEngineKind expected)
    {
        var settings = SettingsBinder.Bind<ContainerSettings>(_ => null, name => name == "KMODFORGE_CONTAINER_ENGINE" ? value : null);

        Assert.Equal(expected, settings.Engine);
    }

    [Fact]
    public void An_unknown_engine_setting_lists_the_accepted_values()
    {
        var e = Assert.Throws<SettingsException>(() => SettingsBinder.Bind<ContainerSettings>(name => name == "container-engine" ? "lxc" : null, _ => null));

        Assert.Contains("accepted: auto, docker, podman", e.Message, StringComparison.Ordinal);
    }

    private sealed class Probe(string[] installed, bool dockerDaemon) : IContainerEngineProbe
    {
        public int DaemonProbes { get; private set; }

        public bool IsInstalled(string executable) => installed.Contains(executable);

        public bool DockerDaemonAnswers(TimeSpan timeout)
        {
            DaemonProbes++;
            return dockerDaemon;
        }
    }
}
