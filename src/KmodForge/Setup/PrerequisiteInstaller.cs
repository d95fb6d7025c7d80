using KmodForge.Containers.Tooling;
using KmodForge.Diagnostics;
using KmodForge.IO;

namespace KmodForge.Setup;

/// <summary>
/// Acts on a <see cref="PrerequisitePlan"/> as root on Debian or Ubuntu: apt-get installs the missing packages (with
/// retries and a time limit), writes containers.conf (keeping any other one as <c>.kmodforge-backup</c>), mounts
/// binfmt_misc and enables QEMU's registrations.
/// </summary>
public sealed class PrerequisiteInstaller(Func<string, HostCommand> command, IBuildLog log, string containersConf, TimeSpan timeout,
    string containersConfPath = LocalHost.ContainersConfPath)
{
    public async Task ApplyAsync(PrerequisitePlan plan, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(plan);
        if (plan.PackagesToInstall is { Count: > 0 } packages)
        {
            var apt = new CommandSettings { EnvironmentVariables = { ["DEBIAN_FRONTEND"] = "noninteractive" } };
            log.Info($"apt-get install {string.Join(' ', packages)}");
            foreach (var architecture in plan.ForeignArchitectures)
            {
                // dpkg's multiarch: apt fetches that architecture's indexes from the next update on (adding it twice is harmless).
                await Run("dpkg", ["--add-architecture", architecture], new CommandSettings(), cancellationToken).ConfigureAwait(false);
            }

            await Run("apt-get", ["-qq", "-o", "Acquire::Retries=3", "update"], apt, cancellationToken).ConfigureAwait(false);
            await Run("apt-get", ["install", "-y", "-qq", "-o", "Acquire::Retries=3", "--no-install-recommends", .. packages], apt, cancellationToken).ConfigureAwait(false);
        }

        if (plan.WriteContainersConf)
        {
            if (File.Exists(containersConfPath))
            {
                File.Copy(containersConfPath, containersConfPath + ".kmodforge-backup", overwrite: true);
                log.Info($"kept the previous {containersConfPath} as {containersConfPath}.kmodforge-backup");
            }

            Directory.CreateDirectory(Path.GetDirectoryName(containersConfPath)!);
            AtomicFile.WriteAllText(containersConfPath, containersConf);
            log.Info($"wrote {containersConfPath} (Podman: runtime runc, default ulimits)");
        }

        if (plan.MountBinfmt)
        {
            await Run("mount", ["-t", "binfmt_misc", "binfmt_misc", "/proc/sys/fs/binfmt_misc"], new CommandSettings(), cancellationToken).ConfigureAwait(false);
        }

        foreach (var architecture in plan.EnableEmulation)
        {
            // Installing qemu-user-static usually registers the entry already; enabling twice is harmless, and the re-check reports what stays missing.
            await Run("update-binfmts", ["--enable", "qemu-" + Targets.ArchitectureNames.KernelName(architecture)], new CommandSettings(), cancellationToken, throwOnError: false).ConfigureAwait(false);
        }
    }

    private Task<CommandResult> Run(string executable, IReadOnlyList<string> arguments, CommandSettings settings, CancellationToken cancellationToken, bool throwOnError = true)
    {
        var builder = new CommandArguments();
        foreach (var argument in arguments)
        {
            builder.Arg(argument);
        }

        return command(executable).ExecuteAsync(settings, builder, new CommandOptions { Timeout = timeout, OnLine = log.Verbose, ThrowOnError = throwOnError }, cancellationToken);
    }
}
