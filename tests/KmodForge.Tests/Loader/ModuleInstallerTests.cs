using KmodForge.Diagnostics;
using KmodForge.Loader;
using KmodForge.Loader.Installing;
using KmodForge.Modules;
using KmodForge.Packaging;
using KmodForge.Targets;
using KmodForge.Tests.Modules;
using KmodForge.Tests.Support;

namespace KmodForge.Tests.Loader;

/// <summary>
/// The installer on a real package (the sample module built for the host's headers, packaged as a .deb), with the
/// commands that change the host replaced by stand-ins that record their arguments. Nothing is ever loaded.
/// </summary>
[Collection(SampleModuleCollection.Name)]
public sealed class ModuleInstallerTests(SampleModuleFixture sample) : IDisposable
{
    private readonly TempDirectory temp = new();

    private BuildTarget Target => BuildTarget.Create("debian", "12", sample.KernelRelease, "x86_64", "v0.1.2");

    private string Package()
    {
        var spec = PackageSpecFactory.ForModules("kmodforge-sample", Target, [sample.KoPath], new PackageMetadataSettings(), 1_700_000_000);
        var path = temp.Combine("sample.deb");
        new DebPackageWriter().Write(spec, path);
        return path;
    }

    /// <summary>A stand-in command: records "name args" in the log, exits with the given code.</summary>
    private string StandIn(string name, int exitCode = 0)
    {
        var path = temp.Combine("fake-" + name);
        File.WriteAllText(path, $"#!/bin/sh\necho \"{name} $*\" >> '{temp.Combine("commands.log")}'\nexit {exitCode}\n");
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }

        return path;
    }

    private string[] Commands() => File.Exists(temp.Combine("commands.log")) ? File.ReadAllLines(temp.Combine("commands.log")) : [];

    private LoaderSettings Settings(InstallMode mode, bool dryRun = false, int insmodExit = 0, string? loadedVersion = null) =>
        new()
        {
            Mode = mode,
            DryRun = dryRun,
            CacheDirectory = temp.Combine("cache"),
            InsmodCommand = StandIn("insmod", insmodExit),
            ModprobeCommand = StandIn("modprobe"),
            RmmodCommand = StandIn("rmmod"),
            DpkgCommand = StandIn("dpkg"),
            RpmCommand = StandIn("rpm"),
            ProcModules = LoadedTable(loadedVersion),
            SysModule = temp.Combine("sys", "module"),
        };

    private string LoadedTable(string? version)
    {
        var table = temp.Combine("proc-modules");
        File.WriteAllText(table, version is null ? "ext4 1060864 1 - Live 0x0000000000000000\n" : "kfsample 16384 0 - Live 0x0000000000000000\n");
        if (version is not null)
        {
            Directory.CreateDirectory(temp.Combine("sys", "module", "kfsample"));
            File.WriteAllText(temp.Combine("sys", "module", "kfsample", "version"), version + "\n");
        }

        return table;
    }

    private static ModuleInstaller Installer(LoaderSettings settings, out CommandRunner runner)
    {
        runner = new CommandRunner(settings.DryRun, NullBuildLog.Instance);
        return new ModuleInstaller(settings, runner, new LoadedModules(settings.ProcModules, settings.SysModule), NullBuildLog.Instance);
    }

    [Fact]
    public async Task Extract_mode_extracts_the_module_and_insmods_it()
    {
        var settings = Settings(InstallMode.Extract);

        var outcome = await Installer(settings, out _).InstallAsync(Package(), Target, CancellationToken.None);

        Assert.Equal(InstallOutcome.Loaded, outcome);
        var insmod = Assert.Single(Commands());
        Assert.StartsWith("insmod " + temp.Combine("cache", "modules", sample.KernelRelease), insmod, StringComparison.Ordinal);
        var extracted = insmod["insmod ".Length..];
        Assert.EndsWith("/lib/modules/" + sample.KernelRelease + "/extra/kfsample.ko", extracted, StringComparison.Ordinal);
        Assert.Equal(File.ReadAllBytes(sample.KoPath), File.ReadAllBytes(extracted));
    }

    [Fact]
    public async Task Host_mode_installs_the_package_with_the_package_manager_then_modprobes()
    {
        var package = Package();

        await Installer(Settings(InstallMode.Host), out _).InstallAsync(package, Target, CancellationToken.None);

        Assert.Equal([$"dpkg -i {package}", "modprobe kfsample"], Commands());
    }

    [Fact]
    public async Task The_same_version_already_loaded_is_a_no_op()
    {
        var outcome = await Installer(Settings(InstallMode.Extract, loadedVersion: SampleModuleFixture.ModuleVersion), out var runner)
            .InstallAsync(Package(), Target, CancellationToken.None);

        Assert.Equal(InstallOutcome.AlreadyLoaded, outcome);
        Assert.Empty(Commands());
        Assert.Empty(runner.Actions);
    }

    [Fact]
    public async Task An_older_loaded_version_is_unloaded_first()
    {
        await Installer(Settings(InstallMode.Extract, loadedVersion: "0.0.9"), out _).InstallAsync(Package(), Target, CancellationToken.None);

        var commands = Commands();
        Assert.Equal(2, commands.Length);
        Assert.Equal("rmmod kfsample", commands[0]);
        Assert.StartsWith("insmod ", commands[1], StringComparison.Ordinal);
    }

    [Fact]
    public async Task When_loading_the_new_module_fails_the_previous_driver_is_restored()
    {
        var settings = Settings(InstallMode.Extract, insmodExit: 1, loadedVersion: "0.0.9");

        var error = await Assert.ThrowsAsync<HostCommandException>(() => Installer(settings, out _).InstallAsync(Package(), Target, CancellationToken.None));

        Assert.Contains("failed with exit code 1", error.Message, StringComparison.Ordinal);
        var commands = Commands();
        Assert.Equal("rmmod kfsample", commands[0]);
        Assert.StartsWith("insmod ", commands[1], StringComparison.Ordinal);
        Assert.Equal("modprobe kfsample", commands[2]);
    }

    [Fact]
    public async Task Dry_run_lists_every_action_and_runs_none()
    {
        await Installer(Settings(InstallMode.Host, dryRun: true, loadedVersion: "0.0.9"), out var runner).InstallAsync(Package(), Target, CancellationToken.None);

        Assert.Empty(Commands());
        Assert.Equal(3, runner.Actions.Count);
        Assert.EndsWith("rmmod kfsample", runner.Actions[0], StringComparison.Ordinal);
        Assert.Contains("dpkg -i", runner.Actions[1], StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_package_built_for_another_kernel_is_refused_before_anything_changes()
    {
        var other = BuildTarget.Create("debian", "12", "6.1.0-9-amd64", "x86_64", "v0.1.2");

        await Assert.ThrowsAsync<ModuleVerificationException>(() => Installer(Settings(InstallMode.Extract), out _).InstallAsync(Package(), other, CancellationToken.None));

        Assert.Empty(Commands());
    }

    public void Dispose() => temp.Dispose();
}
