using System.Diagnostics;
using KmodForge.Containers.Emulation;
using KmodForge.Containers.Tooling;
using KmodForge.Diagnostics;
using KmodForge.IO;
using KmodForge.Targets;

namespace KmodForge.Images;

/// <summary>
/// Makes (or reuses) the cached Debian root filesystem tarball of a <see cref="DebootstrapPlan"/>: debootstrap from
/// Debian's archive into a work folder, complete apt sources, trim caches, pack with tar, move into place atomically.
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

        CheckPreconditions(plan, notes);
        var rootfsDirectory = Path.GetDirectoryName(plan.TarballPath)!;
        var work = Path.Combine(rootfsDirectory, $".work-{Path.GetFileNameWithoutExtension(plan.TarballPath)}-{Guid.NewGuid():N}");
        Directory.CreateDirectory(work);
        try
        {
            var stopwatch = Stopwatch.StartNew();
            log.Info($"Bootstrapping Debian {plan.Suite} ({plan.Architecture.DebianName()}) from {plan.Mirror} with debootstrap.");
            await Run("debootstrap", plan.DebootstrapArguments(work), cancellationToken).ConfigureAwait(false);
            File.WriteAllText(Path.Combine(work, "etc", "apt", "sources.list"), plan.SourcesList);
            EmptyDirectory(Path.Combine(work, "var", "cache", "apt", "archives"), "*.deb");
            EmptyDirectory(Path.Combine(work, "var", "lib", "apt", "lists"), "*_*");
            var debootstrapSeconds = stopwatch.Elapsed.TotalSeconds;

            var temp = AtomicFile.TempPathBeside(plan.TarballPath);
            try
            {
                await Run("tar", DebootstrapPlan.TarArguments(work, temp), cancellationToken).ConfigureAwait(false);
                File.Move(temp, plan.TarballPath, overwrite: false);
            }
            finally
            {
                File.Delete(temp);
            }

            notes.Add($"bootstrapped Debian {plan.Suite} ({plan.Architecture.DebianName()}) from {plan.Mirror} with debootstrap in {debootstrapSeconds:0} s; " +
                      $"apt sources: {plan.Suite}, {plan.Suite}-updates, {plan.Suite}-security; cached as {plan.TarballPath} ({new FileInfo(plan.TarballPath).Length / (1024 * 1024)} MiB)");
            return plan.TarballPath;
        }
        finally
        {
            RemoveWorkDirectory(work);
        }
    }

    private void CheckPreconditions(DebootstrapPlan plan, List<string> notes)
    {
        if (!Environment.IsPrivilegedProcess)
        {
            throw new BaseImageException(
                "debootstrap must run as root to bootstrap a Debian root filesystem offline. Run the build as root, or make the FROM image available (a reachable registry, or `docker load` / `podman load` of a saved image).",
                notes);
        }

        if (!hostCommand("debootstrap").IsInstalled())
        {
            throw new BaseImageException("debootstrap is not installed; install it (`apt-get install debootstrap`) to bootstrap Debian base images offline.", notes);
        }

        try
        {
            // debootstrap's second stage runs the target's binaries in a chroot: a foreign architecture needs emulation.
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
