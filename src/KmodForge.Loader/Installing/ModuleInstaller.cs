using KmodForge.Diagnostics;
using KmodForge.Modules;
using KmodForge.Packaging.Reading;
using KmodForge.Targets;

namespace KmodForge.Loader.Installing;

/// <summary>What the installer did.</summary>
public enum InstallOutcome
{
    /// <summary>The same version was already loaded: nothing was done.</summary>
    AlreadyLoaded,
    /// <summary>The module was loaded (after unloading an older version, when one was loaded).</summary>
    Loaded,
}

/// <summary>
/// Installs and loads the driver from a verified package. Host mode installs the package with the node's package
/// manager (its postinst runs depmod) and runs modprobe; extract mode extracts the .ko files in-process (.ko, .ko.xz,
/// .ko.zst) and runs insmod. Both load in the same <see cref="LoadOrder"/>: the in-tree modules the package needs first
/// (modprobe, pointed at the host's module tree), then the package's modules, dependencies first; older versions are
/// unloaded dependents first. Idempotent: the same version already loaded is a no-op; an older one is unloaded first (a
/// setting). Every module is checked against the running kernel, and every outside dependency against the host's
/// module tree, before anything changes on the host.
/// </summary>
public sealed class ModuleInstaller(LoaderSettings settings, CommandRunner runner, LoadedModules loaded, IBuildLog log)
{
    public async Task<InstallOutcome> InstallAsync(string packagePath, BuildTarget target, CancellationToken cancellationToken)
    {
        var extractDir = Path.Combine(settings.CacheDirectory, "modules", target.KernelRelease, Path.GetFileNameWithoutExtension(packagePath));
        var modules = ExtractModules(packagePath, extractDir);
        var order = LoadOrder.Plan(modules.Select(m => ModuleVerifier.Verify(m, target)).ToList());
        var infos = order.Modules;
        var tree = new HostModuleTree(settings.HostRoot, target.KernelRelease);

        var states = infos.Select(i => (Info: i, Loaded: loaded.VersionOf(i.Name))).ToList();
        if (states.All(s => s.Loaded is not null && s.Loaded == (s.Info.Version ?? string.Empty)))
        {
            log.Info($"{string.Join(", ", infos.Select(i => $"{i.Name} {i.Version}"))} already loaded: nothing to do");
            return InstallOutcome.AlreadyLoaded;
        }

        // Checked before anything changes: a dependency missing from the host's tree stops the run here.
        var external = tree.ToLoad(order.External.Where(d => loaded.VersionOf(d) is null).ToList(), infos);
        if (infos.Count > 1 || external.Count > 0)
        {
            log.Info($"load order: {string.Join(", ", external.Select(e => e + " (host)").Concat(infos.Select(i => i.Name)))}");
        }

        var older = states.Where(s => s.Loaded is not null && s.Loaded != (s.Info.Version ?? string.Empty)).ToList();
        foreach (var (info, version) in Enumerable.Reverse(older))
        {
            if (!settings.UnloadOlder)
            {
                throw new HostCommandException($"{info.Name} {version} is loaded and --unload-older is off; unload it or set --unload-older=true to load {info.Version}");
            }

            log.Info($"{info.Name} {version} is loaded: unloading it for {info.Version}");
            await runner.RunAsync(settings.RmmodCommand, [info.Name], cancellationToken).ConfigureAwait(false);
        }

        var inserted = new List<ModuleInfo>();
        try
        {
            if (settings.Mode == InstallMode.Host)
            {
                await InstallPackageAsync(packagePath, target, cancellationToken).ConfigureAwait(false);
            }

            foreach (var dependency in external)
            {
                await runner.RunAsync(settings.ModprobeCommand, tree.ModprobeArguments(dependency), cancellationToken).ConfigureAwait(false);
            }

            foreach (var info in infos)
            {
                // Host mode: the package's postinst ran depmod, so modprobe finds the module in the host's tree.
                var (command, args) = settings.Mode == InstallMode.Host ? (settings.ModprobeCommand, new[] { info.Name }) : (settings.InsmodCommand, new[] { info.Path });
                await runner.RunAsync(command, args, cancellationToken).ConfigureAwait(false);
                inserted.Add(info);
            }
        }
        catch (HostCommandException) when (settings.Mode == InstallMode.Extract)
        {
            await RestoreAsync(inserted, states.Where(s => s.Loaded is not null).ToList(), cancellationToken).ConfigureAwait(false);
            throw;
        }

        return InstallOutcome.Loaded;
    }

    /// <summary>
    /// Puts the node back the way it was after a failed load: the modules of this package already inserted are
    /// removed (dependents first), then the installed (previous) driver, if there was one, is loaded with modprobe.
    /// </summary>
    private async Task RestoreAsync(List<ModuleInfo> inserted, List<(ModuleInfo Info, string? Loaded)> previous, CancellationToken cancellationToken)
    {
        var steps = Enumerable.Reverse(inserted).Select(i => (settings.RmmodCommand, i.Name, $"removing {i.Name} {i.Version}, inserted before the failure"))
            .Concat(previous.Select(p => (settings.ModprobeCommand, p.Info.Name, $"loading {p.Info.Name} {p.Info.Version} failed; restoring {p.Loaded} with modprobe")));
        foreach (var (command, module, what) in steps)
        {
            log.Warning(what);
            try
            {
                await runner.RunAsync(command, [module], cancellationToken).ConfigureAwait(false);
            }
            catch (HostCommandException e)
            {
                log.Error($"{what}: {e.Message}");
            }
        }
    }

    private Task InstallPackageAsync(string packagePath, BuildTarget target, CancellationToken cancellationToken) => target.Format switch
    {
        PackageFormat.Deb => runner.RunAsync(settings.DpkgCommand, ["-i", packagePath], cancellationToken),
        _ => runner.RunAsync(settings.RpmCommand, ["-U", "--replacepkgs", packagePath], cancellationToken),
    };

    /// <summary>Extracts the package's modules (decompressing .ko.xz/.ko.zst/.ko.gz) into a fresh directory.</summary>
    private static IReadOnlyList<string> ExtractModules(string packagePath, string directory)
    {
        if (Directory.Exists(directory))
        {
            Directory.Delete(directory, recursive: true);
        }

        Directory.CreateDirectory(directory);
        var modules = PackageReader.Open(packagePath).ExtractModules(directory).Select(m => Decompressed(m.FilePath)).ToList();
        return modules.Count > 0 ? modules : throw new HostCommandException($"{Path.GetFileName(packagePath)} holds no kernel modules");
    }

    /// <summary>A plain .ko for insmod: .ko.xz / .ko.zst / .ko.gz are decompressed in-process beside the original.</summary>
    private static string Decompressed(string path)
    {
        var (bytes, compression) = ModuleCompression.ReadAllBytes(path);
        if (compression == ModuleCompression.None)
        {
            return path;
        }

        var plain = path[..path.LastIndexOf(".ko", StringComparison.Ordinal)] + ".ko";
        IO.AtomicFile.WriteAllBytes(plain, bytes);
        return plain;
    }
}
