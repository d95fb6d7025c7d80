using KmodForge.Diagnostics;
using KmodForge.Loader;
using KmodForge.Loader.Installing;
using KmodForge.Packaging;
using KmodForge.Targets;
using KmodForge.Tests.Modules;
using KmodForge.Tests.Support;

namespace KmodForge.Tests.Loader;

/// <summary>
/// A package of several real modules (<see cref="MultiModuleFixture"/>) loaded by the installer, with stand-ins that
/// record what the kernel would load, in order. The stand-in modprobe asks the real modprobe what it would insert
/// (<c>--show-depends</c>, which loads nothing) from a host module tree indexed by the real depmod; the stand-in dpkg
/// unpacks the package into that tree and runs depmod, as the package's postinst does. Nothing is ever loaded.
/// </summary>
[Collection(MultiModuleCollection.Name)]
public sealed class MultiModuleInstallerTests(MultiModuleFixture modules) : IDisposable
{
    private static readonly string[] DependencyOrder = ["load videodev", "load kfc-ring", "load kfb_core", "load kfa_probe"];

    private readonly TempDirectory temp = new();

    private BuildTarget Target => BuildTarget.Create("debian", "12", modules.KernelRelease, "x86_64", "v0.2.0");

    private string Root => temp.Combine("host");

    private string Log => temp.Combine("load.log");

    private string[] Loads() => File.Exists(Log) ? File.ReadAllLines(Log) : [];

    /// <summary>The host's own module tree: the kernel's videodev (unless left out), indexed by depmod.</summary>
    private void HostTree(bool withVideodev = true)
    {
        var media = Path.Combine(Root, "lib", "modules", modules.KernelRelease, "kernel", "drivers", "media", "v4l2-core");
        Directory.CreateDirectory(media);
        if (withVideodev)
        {
            File.Copy(modules.VideodevKoPath, Path.Combine(media, "videodev.ko"));
        }

        HostProcess.Run("depmod", ["-b", Root, modules.KernelRelease]).EnsureSuccess("depmod of the host tree");
    }

    private string Package()
    {
        var spec = PackageSpecFactory.ForModules("kmodforge-multi", Target, modules.KoPaths, new PackageMetadataSettings(), 1_700_000_000);
        var path = temp.Combine("multi.deb");
        new DebPackageWriter().Write(spec, path);
        return path;
    }

    private string Script(string name, string body)
    {
        var path = temp.Combine("fake-" + name);
        File.WriteAllText(path, $"#!/bin/sh\nPATH=/usr/sbin:/sbin:$PATH\necho \"{name} $*\" >> '{temp.Combine("commands.log")}'\n{body}\n");
        ProcessRunner.Run("chmod", "+x", path).EnsureSuccess("chmod");
        return path;
    }

    private LoaderSettings Settings(InstallMode mode, string? failOn = null, string procModules = "") => new()
    {
        Mode = mode,
        HostRoot = Root,
        CacheDirectory = temp.Combine("cache"),
        InsmodCommand = Script("insmod", (failOn is null ? string.Empty : $"case \"$1\" in *{failOn}*) exit 1;; esac\n") + $"echo \"load $(basename \"$1\" .ko)\" >> '{Log}'"),
        ModprobeCommand = Script("modprobe", $"for a; do last=$a; done\nmodprobe -d '{Root}' -S '{modules.KernelRelease}' --show-depends \"$last\" | while read -r cmd path rest; do\n  [ \"$cmd\" = insmod ] || continue\n  n=\"load $(basename \"$path\" .ko)\"\n  grep -qx \"$n\" '{Log}' 2>/dev/null || echo \"$n\" >> '{Log}'\ndone"),
        RmmodCommand = Script("rmmod", $"echo \"rmmod $1\" >> '{Log}'"),
        DpkgCommand = Script("dpkg", $"dpkg-deb -x \"$2\" '{Root}' && depmod -b '{Root}' '{modules.KernelRelease}'"),
        ProcModules = Write("proc-modules", procModules),
        SysModule = temp.Combine("sys", "module"),
    };

    private string Write(string name, string text)
    {
        File.WriteAllText(temp.Combine(name), text);
        return temp.Combine(name);
    }

    private Task<InstallOutcome> Install(LoaderSettings settings, string? package = null) =>
        new ModuleInstaller(settings, new CommandRunner(false, NullBuildLog.Instance), new LoadedModules(settings.ProcModules, settings.SysModule), NullBuildLog.Instance)
            .InstallAsync(package ?? Package(), Target, CancellationToken.None);

    [Fact]
    public async Task Extract_mode_modprobes_the_in_tree_dependency_then_insmods_the_package_dependencies_first()
    {
        HostTree();

        await Install(Settings(InstallMode.Extract));

        Assert.Equal(DependencyOrder, Loads());
        var commands = File.ReadAllLines(temp.Combine("commands.log"));
        Assert.Equal($"modprobe -d {Root} videodev", commands[0]);
        Assert.All(commands[1..], c => Assert.StartsWith("insmod " + temp.Combine("cache"), c, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Host_mode_after_depmod_loads_in_the_same_order_as_extract_mode()
    {
        HostTree();
        await Install(Settings(InstallMode.Host));
        var host = Loads();
        File.Delete(Log);
        Directory.Delete(Root, recursive: true);
        HostTree();

        await Install(Settings(InstallMode.Extract));

        Assert.Equal(DependencyOrder, host);
        Assert.Equal(host, Loads());
    }

    [Fact]
    public async Task Older_loaded_versions_are_unloaded_dependents_first()
    {
        HostTree();
        foreach (var name in new[] { "kfa_probe", "kfb_core", "kfc_ring" })
        {
            Directory.CreateDirectory(temp.Combine("sys", "module", name));
            File.WriteAllText(temp.Combine("sys", "module", name, "version"), "0.1.0\n");
        }

        await Install(Settings(InstallMode.Extract, procModules: "kfc_ring 16384 1 kfb_core, Live 0x0\nkfb_core 16384 1 kfa_probe, Live 0x0\nkfa_probe 16384 0 - Live 0x0\nvideodev 16384 1 kfb_core, Live 0x0\n"));

        Assert.Equal(["rmmod kfa_probe", "rmmod kfb_core", "rmmod kfc_ring", "load kfc-ring", "load kfb_core", "load kfa_probe"], Loads());
    }

    [Fact]
    public async Task A_dependency_missing_from_the_host_tree_stops_the_run_before_anything_changes()
    {
        HostTree(withVideodev: false);

        var error = await Assert.ThrowsAsync<MissingDependencyException>(() => Install(Settings(InstallMode.Extract)));

        Assert.Contains("videodev (needed by kfb_core)", error.Message, StringComparison.Ordinal);
        Assert.Contains(Path.Combine(Root, "lib", "modules", modules.KernelRelease), error.Message, StringComparison.Ordinal);
        Assert.False(File.Exists(temp.Combine("commands.log")));
    }

    [Fact]
    public async Task When_a_module_fails_to_load_the_ones_inserted_before_it_are_removed()
    {
        HostTree();

        await Assert.ThrowsAsync<HostCommandException>(() => Install(Settings(InstallMode.Extract, failOn: "kfb_core")));

        Assert.Equal(["load videodev", "load kfc-ring", "rmmod kfc_ring"], Loads());
    }

    public void Dispose() => temp.Dispose();
}
