using KmodForge.Containers;
using KmodForge.Containers.Commands;
using KmodForge.Containers.Tooling;

namespace KmodForge.Tests.Containers;

/// <summary>The session verbs (<c>run --detach</c>, <c>exec</c>, the networks inspect, <c>network disconnect</c>) as argv, the same for Docker and Podman.</summary>
public sealed class SessionArgumentRenderingTests : IDisposable
{
    private readonly ContainerFixture fixture = new();

    public void Dispose() => fixture.Dispose();

    [Fact]
    public void A_session_starts_detached_and_removed_when_it_ends_with_its_mounts_network_and_label()
    {
        var settings = new ContainerRunSettings
        {
            Detach = true,
            Name = "kmodforge-0123456789abcdef",
            Volumes = [new Mount("/work/abc/src", "/build/src")],
            Network = "podman",
            Labels = new Dictionary<string, string> { [ContainerLabels.BuildIdLabel] = "local-1" },
        };

        fixture.Cli(ContainerEngineKind.Podman).Execute(settings, ContainerRunCommand.Arguments(settings, "kmodforge/base-debian:12-amd64", ["sh", "-c", "sleep 60 & wait"]));

        Assert.Equal(
            ["run", "--rm", "--detach", "--name", "kmodforge-0123456789abcdef", "--volume", "/work/abc/src:/build/src", "--network", "podman",
             "--label", "io.kmodforge.build-id=local-1", "kmodforge/base-debian:12-amd64", "sh", "-c", "sleep 60 & wait"],
            fixture.Runner.LastArgv);
    }

    [Fact]
    public void Exec_renders_workdir_and_environment_before_the_container_and_keeps_the_command_whole()
    {
        var settings = new ContainerExecSettings
        {
            WorkingDirectoryInContainer = "/build/src",
            Environment = new Dictionary<string, string> { ["KMODFORGE_DRIVER_VERSION"] = "1.2.3" },
        };

        fixture.Cli(ContainerEngineKind.Docker).Execute(settings, ContainerExecCommand.Arguments(settings, "kmodforge-abc", ["sh", "-c", "make -C '/lib/modules/x/build' M=/build/src"]));

        Assert.Equal(
            ["exec", "--workdir", "/build/src", "--env", "KMODFORGE_DRIVER_VERSION=1.2.3", "kmodforge-abc", "sh", "-c", "make -C '/lib/modules/x/build' M=/build/src"],
            fixture.Runner.LastArgv);
    }

    [Fact]
    public void Networks_are_listed_by_name_and_disconnected_one_by_one()
    {
        Assert.Equal(
            ["container", "inspect", "--format", "{{range $name, $_ := .NetworkSettings.Networks}}{{$name}}\n{{end}}", "kmodforge-abc"],
            ContainerNetworkCommand.Networks("kmodforge-abc").ToArgv());
        Assert.Equal(["bridge", "podman"], ContainerNetworkCommand.ParseNetworks("bridge\n\npodman\n"));
        Assert.Equal(["network", "disconnect", "podman", "kmodforge-abc"], ContainerNetworkCommand.Disconnect("podman", "kmodforge-abc").ToArgv());
    }

    [Theory]
    [InlineData("-rf")]
    [InlineData("a b")]
    [InlineData("x;reboot")]
    public void Refuses_container_and_network_names_that_are_not_plain_names(string name)
    {
        Assert.Throws<ContainerInputException>(() => ContainerExecCommand.Arguments(new ContainerExecSettings(), name, ["true"]));
        Assert.Throws<ContainerInputException>(() => ContainerNetworkCommand.Disconnect(name, "kmodforge-abc"));
        Assert.Throws<ContainerInputException>(() => ContainerNetworkCommand.Networks(name));
    }

    [Fact]
    public void Only_the_loopback_left_means_isolated()
    {
        Assert.Empty(ContainerIsolation.OtherInterfaces("    lo\n"));
        Assert.Equal(["eth0"], ContainerIsolation.OtherInterfaces("    lo\n  eth0\n"));
    }
}
