using KmodForge.Containers;
using KmodForge.Containers.Emulation;
using KmodForge.Setup;
using KmodForge.Targets;

namespace KmodForge.Tests.Setup;

public sealed class PrerequisitePlannerTests
{
    private static readonly IReadOnlyList<Prerequisite> List = HostStub.RealList();

    private static PrerequisiteRequest Build(params Architecture[] architectures) =>
        new(PrerequisiteScope.Build, architectures.Length == 0 ? [Architecture.X86_64] : architectures, ContainerEngineKind.Auto);

    [Fact]
    public void A_complete_machine_needs_nothing_and_is_checked_without_probing_docker()
    {
        var host = HostStub.Complete(List);

        var plan = PrerequisitePlanner.Plan(new PrerequisiteRequest(PrerequisiteScope.Test, [Architecture.X86_64], ContainerEngineKind.Auto), List, host.Build());

        Assert.True(plan.Complete, string.Join("; ", plan.Missing()));
        Assert.Equal(0, host.DockerProbes);
    }

    [Fact]
    public void A_fresh_debian_machine_needs_podman_runc_and_containers_conf_and_wants_mmdebstrap()
    {
        var plan = PrerequisitePlanner.Plan(Build(), List, new HostStub().Build());

        Assert.Equal(["podman", "runc"], plan.Packages.Select(p => p.Name));
        Assert.Equal(["mmdebstrap", "arch-test"], plan.Optional.Select(p => p.Name));
        Assert.True(plan.WriteContainersConf);
        Assert.False(plan.MountBinfmt);
        Assert.Empty(plan.EnableEmulation);
        Assert.Equal(["podman", "runc", "mmdebstrap", "arch-test"], plan.PackagesToInstall);
        Assert.Contains(plan.Missing(), l => l.StartsWith("mmdebstrap (optional): ", StringComparison.Ordinal));
    }

    [Fact]
    public void A_running_docker_daemon_is_the_engine_so_podman_is_not_needed()
    {
        var host = new HostStub { Commands = ["docker"], DockerAnswers = true, Packages = ["mmdebstrap", "arch-test"] };

        var plan = PrerequisitePlanner.Plan(Build(), List, host.Build());

        Assert.True(plan.Complete, string.Join("; ", plan.Missing()));
        Assert.Equal(1, host.DockerProbes);
    }

    [Fact]
    public void Podman_without_this_machines_containers_conf_is_not_ready()
    {
        var host = new HostStub { Packages = ["podman", "runc", "mmdebstrap", "arch-test"], ContainersConf = "[engine]\nruntime = \"crun\"\n" };

        var plan = PrerequisitePlanner.Plan(Build(), List, host.Build());

        Assert.Empty(plan.Packages);
        Assert.True(plan.WriteContainersConf);
        Assert.True(PrerequisitePlanner.ContainersConfReady(HostStub.ReadyConf));
        Assert.False(PrerequisitePlanner.ContainersConfReady("# runtime = \"runc\"\ndefault_ulimits = []\n"));
    }

    [Fact]
    public void Docker_as_the_chosen_engine_must_be_on_path_and_apt_cannot_fix_it()
    {
        var plan = PrerequisitePlanner.Plan(Build() with { Engine = ContainerEngineKind.Docker }, List, new HostStub { Packages = ["mmdebstrap", "arch-test"] }.Build());

        Assert.Empty(plan.Packages);
        Assert.Contains("`docker` is not on PATH", Assert.Single(plan.Problems), StringComparison.Ordinal);
    }

    [Fact]
    public void An_emulated_architecture_needs_qemu_and_binfmt_only_when_asked_for()
    {
        var ready = HostStub.Complete(List);
        var without = new HostStub { Packages = ready.Packages.Except(["qemu-user-static", "binfmt-support"]).ToHashSet(), ContainersConf = ready.ContainersConf };

        var native = PrerequisitePlanner.Plan(Build(Architecture.X86_64), List, without.Build());
        var emulated = PrerequisitePlanner.Plan(Build(Architecture.Aarch64), List, without.Build());

        Assert.True(native.Complete, string.Join("; ", native.Missing()));
        Assert.Equal(["qemu-user-static", "binfmt-support"], emulated.Packages.Select(p => p.Name));
        Assert.True(emulated.MountBinfmt);
        Assert.Equal([Architecture.Aarch64], emulated.EnableEmulation);
        Assert.True(PrerequisitePlanner.Plan(Build(Architecture.Aarch64), List, ready.Build()).Complete);
    }

    [Fact]
    public void The_tests_need_every_debian_package_of_the_list_and_npm_counts_as_present_when_on_path()
    {
        var host = HostStub.Complete(List);
        host.Packages.Remove("npm");
        host.Packages.Remove("lintian");
        host.Commands.Add("npm");

        var plan = PrerequisitePlanner.Plan(new PrerequisiteRequest(PrerequisiteScope.Test, [Architecture.X86_64], ContainerEngineKind.Auto), List, host.Build());

        Assert.Equal(["lintian"], plan.Packages.Select(p => p.Name));
    }

    [Fact]
    public void Off_debian_the_plan_says_what_to_install_instead_of_packages()
    {
        var fedora = new HostStub { Family = HostFamily.Fedora, IsRoot = false };
        var mac = new HostStub { Family = HostFamily.MacOS, Commands = ["docker"], DockerAnswers = false };

        var onFedora = PrerequisitePlanner.Plan(Build(Architecture.Aarch64), List, fedora.Build());
        var onMac = PrerequisitePlanner.Plan(Build(), List, mac.Build());

        Assert.Empty(onFedora.Packages);
        Assert.Contains(onFedora.Problems, p => p.Contains("sudo dnf install podman", StringComparison.Ordinal));
        Assert.Contains(onFedora.Problems, p => p.Contains("binfmt_misc is not mounted", StringComparison.Ordinal));
        Assert.Contains("brew install podman", Assert.Single(onMac.Problems), StringComparison.Ordinal);
        Assert.True(PrerequisitePlanner.Plan(Build(), List, new HostStub { Family = HostFamily.Fedora, Commands = ["podman"] }.Build()).Complete);
    }
}
