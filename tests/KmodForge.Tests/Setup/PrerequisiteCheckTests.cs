using KmodForge.Containers.Tooling;
using KmodForge.Errors;
using KmodForge.Setup;
using KmodForge.Targets;
using KmodForge.Tests.Containers;
using KmodForge.Tests.GitHub;
using KmodForge.Tests.Support;

namespace KmodForge.Tests.Setup;

public sealed class PrerequisiteCheckTests
{
    private const string Sudo = "sudo env \"PATH=$PATH\" ./build.sh --target=Prerequisites";
    private static readonly IReadOnlyList<Prerequisite> List = HostStub.RealList();
    private static readonly PrerequisiteRequest Request = new(PrerequisiteScope.Build, [Architecture.X86_64], KmodForge.Containers.ContainerEngineKind.Auto);

    private readonly RecordingProcessRunner runner = new();
    private readonly RecordingLog log = new();
    private readonly TempDirectory temp = new();

    private string ConfPath => temp.Combine("containers", "containers.conf");

    private PrerequisiteCheck Check(params HostStub[] hosts)
    {
        var reads = 0;
        var installer = new PrerequisiteInstaller(e => new HostCommand(e, runner), log, HostStub.ReadyConf, TimeSpan.FromMinutes(1), ConfPath);
        return new PrerequisiteCheck(() => hosts[Math.Min(reads++, hosts.Length - 1)].Build(), installer, log, Sudo);
    }

    [Fact]
    public async Task An_arch_qualified_package_adds_its_architecture_to_dpkg_before_the_update()
    {
        var list = PrerequisiteList.Parse("engine podman\nengine runc\noffline debootstrap\ntest zlib1g-dev:arm64 # arm64 zlib\n", "list.txt");
        var complete = HostStub.Complete(list);
        var lacking = HostStub.Complete(list);
        lacking.Packages.Remove("zlib1g-dev:arm64");
        var test = new PrerequisiteRequest(PrerequisiteScope.Test, [Architecture.X86_64], KmodForge.Containers.ContainerEngineKind.Auto);

        await Check(lacking, complete)
            .EnsureAsync(test, list, install: true, CancellationToken.None);

        Assert.Equal(["dpkg", "apt-get", "apt-get"], runner.Started.Select(s => s.Executable));
        Assert.Equal(["--add-architecture", "arm64"], runner.Started[0].Argv);
        Assert.Equal(["install", "-y", "-qq", "-o", "Acquire::Retries=3", "--no-install-recommends", "zlib1g-dev:arm64"], runner.Started[2].Argv);
    }

    [Fact]
    public async Task A_complete_machine_runs_nothing_and_prints_nothing_above_verbose()
    {
        await Check(HostStub.Complete(List)).EnsureAsync(Request, List, install: true, CancellationToken.None);

        Assert.Empty(runner.Started);
        Assert.All(log.Lines, l => Assert.StartsWith("verbose: ", l, StringComparison.Ordinal));
    }

    [Fact]
    public async Task As_root_on_debian_it_installs_the_missing_packages_writes_containers_conf_and_checks_again()
    {
        await Check(new HostStub(), HostStub.Complete(List)).EnsureAsync(Request, List, install: true, CancellationToken.None);

        Assert.Equal(["apt-get", "apt-get"], runner.Started.Select(s => s.Executable));
        Assert.Equal(["-qq", "-o", "Acquire::Retries=3", "update"], runner.Started[0].Argv);
        Assert.Equal(["install", "-y", "-qq", "-o", "Acquire::Retries=3", "--no-install-recommends", "podman", "runc", "mmdebstrap", "arch-test"], runner.Started[1].Argv);
        Assert.Equal("noninteractive", runner.Started[1].Environment["DEBIAN_FRONTEND"]);
        Assert.Equal(HostStub.ReadyConf, File.ReadAllText(ConfPath));
        Assert.Contains(log.Lines, l => l.StartsWith("info: This machine lacks:", StringComparison.Ordinal) && l.Contains("  - podman: ", StringComparison.Ordinal));
    }

    [Fact]
    public async Task An_existing_containers_conf_is_kept_as_a_backup_before_it_is_replaced()
    {
        Directory.CreateDirectory(Path.GetDirectoryName(ConfPath)!);
        File.WriteAllText(ConfPath, "[engine]\nruntime = \"crun\"\n");
        var host = HostStub.Complete(List);
        var misconfigured = new HostStub { Packages = host.Packages, ContainersConf = "[engine]\nruntime = \"crun\"\n", Binfmt = host.Binfmt };

        await Check(misconfigured, host).EnsureAsync(Request, List, install: true, CancellationToken.None);

        Assert.Empty(runner.Started);
        Assert.Equal("[engine]\nruntime = \"crun\"\n", File.ReadAllText(ConfPath + ".kmodforge-backup"));
        Assert.Equal(HostStub.ReadyConf, File.ReadAllText(ConfPath));
    }

    [Fact]
    public async Task Not_root_it_prints_the_one_sudo_command_and_stops_with_exit_code_1()
    {
        var e = await Assert.ThrowsAsync<PrerequisitesMissingException>(() => Check(new HostStub { IsRoot = false }).EnsureAsync(Request, List, install: true, CancellationToken.None));

        Assert.Empty(runner.Started);
        Assert.Contains("  - podman: the engine where no Docker daemon runs", e.Message, StringComparison.Ordinal);
        Assert.EndsWith(Environment.NewLine + "  " + Sudo, e.Message, StringComparison.Ordinal);
        Assert.Equal(ExitCodes.Failed, FailurePolicy.Report(e).ExitCode);
    }

    [Fact]
    public async Task Only_an_optional_package_missing_warns_with_the_apt_command_and_goes_on()
    {
        var host = HostStub.Complete(List);
        host.Packages.Remove("mmdebstrap");
        var notRoot = new HostStub { IsRoot = false, Packages = host.Packages, ContainersConf = host.ContainersConf, Binfmt = host.Binfmt };

        await Check(notRoot).EnsureAsync(Request, List, install: true, CancellationToken.None);

        var warning = Assert.Single(log.Warnings);
        Assert.Contains("mmdebstrap (optional)", warning, StringComparison.Ordinal);
        Assert.EndsWith("sudo apt-get install --no-install-recommends mmdebstrap", warning, StringComparison.Ordinal);
    }

    [Fact]
    public async Task With_install_prerequisites_false_root_only_checks_and_names_the_apt_command()
    {
        var e = await Assert.ThrowsAsync<PrerequisitesMissingException>(() => Check(new HostStub { ContainersConf = HostStub.ReadyConf }).EnsureAsync(Request, List, install: false, CancellationToken.None));

        Assert.Empty(runner.Started);
        Assert.Contains("apt-get install --no-install-recommends podman runc mmdebstrap arch-test", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task What_is_still_missing_after_installing_is_an_error_naming_it()
    {
        var e = await Assert.ThrowsAsync<PrerequisitesMissingException>(() => Check(new HostStub()).EnsureAsync(Request, List, install: true, CancellationToken.None));

        Assert.StartsWith("After installing, this machine still lacks:", e.Message, StringComparison.Ordinal);
        Assert.Contains("  - podman: ", e.Message, StringComparison.Ordinal);
    }
}
