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
/// manager and runs modprobe; extract mode extracts the .ko files in-process (.ko, .ko.xz, .ko.zst) and runs insmod.
/// Idempotent: the same version already loaded is a no-op; an older one is unloaded first (a setting). Every module
/// is checked against the running kernel before anything changes on the host.
/// </summary>
public sealed class ModuleInstaller(LoaderSettings settings, CommandRunner runner, LoadedModules loaded, IBuildLog log)
{
    public async Task<InstallOutcome> InstallAsync(string packagePath, BuildTarget target, CancellationToken cancellationToken)
    {
        var extractDir = Path.Combine(settings.CacheDirectory, "modules", target.KernelRelease, Path.GetFileNameWithoutExtension(packagePath));
        var modules = ExtractModules(packagePath, extractDir);
        var infos = modules.Select(m => ModuleVerifier.Verify(m, target)).ToList();

        var states = infos.Select(i => (Info: i, Loaded: loaded.VersionOf(i.Name))).ToList();
        if (states.All(s => s.Loaded is not null && s.Loaded == (s.Info.Version ?? string.Empty)))
        {
            log.Info($"{string.Join(", ", infos.Select(i => $"{i.Name} {i.Version}"))} already loaded: nothing to do");
            return InstallOutcome.AlreadyLoaded;
        }

        foreach (var (info, version) in states.Where(s => s.Loaded is not null && s.Loaded != (s.Info.Version ?? string.Empty)))
        {
            if (!settings.UnloadOlder)
            {
                throw new HostCommandException($"{info.Name} {version} is loaded and --unload-older is off; unload it or set --unload-older=true to load {info.Version}");
            }

            log.Info($"{info.Name} {version} is loaded: unloading it for {info.Version}");
            await runner.RunAsync(settings.RmmodCommand, [info.Name], cancellationToken).ConfigureAwait(false);
        }

        try
        {
            if (settings.Mode == InstallMode.Host)
            {
                await InstallPackageAsync(packagePath, target, cancellationToken).ConfigureAwait(false);
                foreach (var info in infos)
                {
                    await runner.RunAsync(settings.ModprobeCommand, [info.Name], cancellationToken).ConfigureAwait(false);
                }
            }
            else
            {
                foreach (var info in infos)
                {
                    await runner.RunAsync(settings.InsmodCommand, [info.Path], cancellationToken).ConfigureAwait(false);
                }
            }
        }
        catch (HostCommandException) when (settings.Mode == InstallMode.Extract)
        {
            // Put the node back the way it was: the installed (previous) driver, if there is one.
            foreach (var (info, version) in states.Where(s => s.Loaded is not null))
            {
                log.Warning($"loading {info.Name} {info.Version} failed; restoring {version} with modprobe");
                try
                {
                    await runner.RunAsync(settings.ModprobeCommand, [info.Name], cancellationToken).ConfigureAwait(false);
                }
                catch (HostCommandException e)
                {
                    log.Error($"could not restore {info.Name} {version}: {e.Message}");
                }
            }

            throw;
        }

        return InstallOutcome.Loaded;
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
