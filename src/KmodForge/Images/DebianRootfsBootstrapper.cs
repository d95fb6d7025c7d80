using System.Diagnostics;
using KmodForge.Containers.Emulation;
using KmodForge.Containers.Tooling;
using KmodForge.Diagnostics;
using KmodForge.IO;
using KmodForge.Targets;

namespace KmodForge.Images;

/// <summary>
/// Makes (or reuses) the cached Debian root filesystem tarball of a <see cref="DebootstrapPlan"/>, moved into place
/// atomically. With <c>mmdebstrap</c> installed: one run that writes the tarball itself (apt's parallel downloads; about
/// 64 s for bookworm here where debootstrap took 108 s, at load 4-6). Otherwise debootstrap from Debian's archive
/// into a work folder, complete apt sources, trim caches, pack with tar.
/// </summary>
public sealed class DebianRootfsBootstrapper(Func<string, HostCommand> hostCommand, IBuildLog log, TimeSpan timeout)
{
    public async Task<string> EnsureTarballAsync(DebootstrapPlan plan, List<string> notes, CancellationToken cancellationToken)
    {
        using var held = await FileLock.AcquireAsync(plan.LockPath, log.Info, cancellationToken).ConfigureAwait(false);
        // The cache policy prunes root filesystems by their last use: <cache-dir>/rootfs/<name>.tar records in <cache-dir>.
        var uses = new CacheUse(Path.GetDirectoryName(Path.GetDirectoryName(plan.TarballPath)!)!);
        await uses.RecordAsync(CacheUse.FileKey(plan.TarballPath), DateTimeOffset.UtcNow, cancellationToken).ConfigureAwait(false);
        if (File.Exists(plan.TarballPath))
        {
            notes.Add($"reused the cached root filesystem {plan.TarballPath}");
            return plan.TarballPath;
        }

        var mmdebstrap = hostCommand("mmdebstrap").IsInstalled();
        var tool = mmdebstrap ? "mmdebstrap" : "debootstrap";
        CheckPreconditions(plan, notes, tool);
        var stopwatch = Stopwatch.StartNew();
        log.Info($"Bootstrapping Debian {plan.Suite} ({plan.Architecture.DebianName()}) from {plan.Mirror} with {tool}.");
        var temp = AtomicFile.TempPathBeside(plan.TarballPath);
        try
        {
            await (mmdebstrap ? MmdebstrapAsync(plan, temp, cancellationToken) : DebootstrapAsync(plan, temp, cancellationToken)).ConfigureAwait(false);
            File.Move(temp, plan.TarballPath, overwrite: false);
        }
        finally
        {
            File.Delete(temp);
        }

        notes.Add($"bootstrapped Debian {plan.Suite} ({plan.Architecture.DebianName()}) from {plan.Mirror} with {tool} in {stopwatch.Elapsed.TotalSeconds:0} s; " +
                  $"apt sources: {plan.Suite}, {plan.Suite}-updates, {plan.Suite}-security; cached as {plan.TarballPath} ({new FileInfo(plan.TarballPath).Length / (1024 * 1024)} MiB)");
        return plan.TarballPath;
    }

    /// <summary>mmdebstrap writes the tar (sources, cleaned lists and caches) itself.</summary>
    private Task MmdebstrapAsync(DebootstrapPlan plan, string tarPath, CancellationToken cancellationToken)
    {
        var hooks = Directory.Exists(DebootstrapPlan.MergedUsrHooks) ? DebootstrapPlan.MergedUsrHooks : null;
        return Run("mmdebstrap", plan.MmdebstrapArguments(tarPath, hooks), cancellationToken);
    }

    /// <summary>debootstrap into a work folder; then the apt sources, the caches trimmed, and tar.</summary>
    private async Task DebootstrapAsync(DebootstrapPlan plan, string tarPath, CancellationToken cancellationToken)
    {
        var work = Path.Combine(Path.GetDirectoryName(plan.TarballPath)!, $".work-{Path.GetFileNameWithoutExtension(plan.TarballPath)}-{Guid.NewGuid():N}");
        Directory.CreateDirectory(work);
        try
        {
            await Run("debootstrap", plan.DebootstrapArguments(work), cancellationToken).ConfigureAwait(false);
            File.WriteAllText(Path.Combine(work, "etc", "apt", "sources.list"), plan.SourcesList);
            EmptyDirectory(Path.Combine(work, "var", "cache", "apt", "archives"), "*.deb");
            EmptyDirectory(Path.Combine(work, "var", "lib", "apt", "lists"), "*_*");
            await Run("tar", DebootstrapPlan.TarArguments(work, tarPath), cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            RemoveWorkDirectory(work);
        }
    }

    private void CheckPreconditions(DebootstrapPlan plan, List<string> notes, string tool)
    {
        if (!Environment.IsPrivilegedProcess)
        {
            throw new BaseImageException(
                $"{tool} must run as root to bootstrap a Debian root filesystem offline. Run the build as root, or make the FROM image available (a reachable registry, or `docker load` / `podman load` of a saved image).",
                notes);
        }

        if (tool == "debootstrap" && !hostCommand(tool).IsInstalled())
        {
            throw new BaseImageException("neither mmdebstrap nor debootstrap is installed; install one (`apt-get install mmdebstrap arch-test`, or `apt-get install debootstrap`) to bootstrap Debian base images offline.", notes);
        }

        try
        {
            // Both run the target's binaries in a chroot (debootstrap's second stage, mmdebstrap's maintainer scripts): a foreign architecture needs emulation.
            EmulationCheck.Ensure(plan.Architecture);
        }
        catch (EmulationUnavailableException e)
        {
            throw new BaseImageException(e.Message, notes);
        }
    }

    private Task<CommandResult> Run(string executable, IReadOnlyList<string> arguments, CancellationToken cancellationToken)
    {
        var builder = new CommandArguments();
        foreach (var argument in arguments)
        {
            builder.Arg(argument);
        }

        return hostCommand(executable).ExecuteAsync(new CommandSettings(), builder, new CommandOptions { Timeout = timeout, OnLine = log.Verbose }, cancellationToken);
    }

    private static void EmptyDirectory(string directory, string pattern)
    {
        if (!Directory.Exists(directory))
        {
            return;
        }

        foreach (var file in Directory.EnumerateFiles(directory, pattern))
        {
            File.Delete(file);
        }
    }

    /// <summary>Deletes the work folder unless something is still mounted inside it (a failed debootstrap can leave /proc mounted).</summary>
    private void RemoveWorkDirectory(string work)
    {
        if (!Directory.Exists(work))
        {
            return;
        }

        var prefix = work.TrimEnd('/') + "/";
        var mounted = File.Exists("/proc/self/mounts")
            && File.ReadLines("/proc/self/mounts").Select(l => l.Split(' ')).Any(f => f.Length > 1 && (f[1] + "/").StartsWith(prefix, StringComparison.Ordinal));
        if (mounted)
        {
            log.Warning($"Left {work} in place: something is still mounted inside it (unmount it, then delete it).");
            return;
        }

        try
        {
            Directory.Delete(work, recursive: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            log.Warning($"Could not delete {work}: {e.Message}");
        }
    }
}
