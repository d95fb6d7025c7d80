using KmodForge.Diagnostics;
using KmodForge.Errors;

namespace KmodForge.Setup;

/// <summary>The machine lacks what the build needs and this run cannot install it; the message says what and how.</summary>
public sealed class PrerequisitesMissingException(string message) : KmodForgeException(message);

/// <summary>
/// Checks the machine and brings what it lacks: quiet when all is present; as root on Debian/Ubuntu it installs and
/// checks again; otherwise it stops with the one command (or, off Debian, the steps) that would do it.
/// </summary>
/// <param name="readHost">Reads the machine (again after installing).</param>
/// <param name="sudoCommand">The command a non-root user runs to install, e.g. <c>sudo env "PATH=$PATH" ./build.sh --target=Prerequisites</c>.</param>
public sealed class PrerequisiteCheck(Func<HostSystem> readHost, PrerequisiteInstaller installer, IBuildLog log, string sudoCommand)
{
    /// <summary>Returns the plan it acted on (empty when all was present).</summary>
    public async Task<PrerequisitePlan> EnsureAsync(PrerequisiteRequest request, IReadOnlyList<Prerequisite> list, bool install, CancellationToken cancellationToken)
    {
        var plan = PrerequisitePlanner.Plan(request, list, readHost());
        if (plan.Complete)
        {
            log.Verbose("Prerequisites: all present.");
            return plan;
        }

        var host = plan.Host;
        if (host.Family == HostFamily.Debian && host.IsRoot && install && plan.Problems.Count == 0)
        {
            log.Info($"This machine lacks:{Bullets(plan.Missing())}");
            await installer.ApplyAsync(plan, cancellationToken).ConfigureAwait(false);
            var after = PrerequisitePlanner.Plan(request, list, readHost());
            return after.Ready
                ? plan
                : throw new PrerequisitesMissingException($"After installing, this machine still lacks:{Bullets(after.Missing())}");
        }

        if (plan.Ready)
        {
            log.Warning($"Optional, not installed: {string.Join("; ", plan.Missing())}. To install: {InstallCommand(host, plan)}");
            return plan;
        }

        throw new PrerequisitesMissingException($"{host.Name} lacks what this build needs:{Bullets(plan.Missing())}{Environment.NewLine}{Remedy(host, plan, install)}");
    }

    private string Remedy(HostSystem host, PrerequisitePlan plan, bool install) => host.Family switch
    {
        HostFamily.Debian when plan.Problems.Count > 0 => "Fix the above, then run the same command again.",
        HostFamily.Debian when !host.IsRoot => $"Install them with this one command (it runs this task as root; it needs root to install packages):{Environment.NewLine}  {sudoCommand}",
        HostFamily.Debian when !install => $"--install-prerequisites is false, so nothing was installed. Install them yourself: {InstallCommand(host, plan)}",
        _ => $"Install these on {host.Name} (the names are Debian's; see build/prerequisites.txt for what each is for), then run the same command again.",
    };

    private string InstallCommand(HostSystem host, PrerequisitePlan plan) =>
        host.Family == HostFamily.Debian && plan.Packages.Count + plan.Optional.Count > 0 && !plan.WriteContainersConf && !plan.MountBinfmt && plan.EnableEmulation.Count == 0
            && plan.ForeignArchitectures.Count == 0
            ? $"{(host.IsRoot ? string.Empty : "sudo ")}apt-get install --no-install-recommends {string.Join(' ', plan.PackagesToInstall)}"
            : sudoCommand;

    private static string Bullets(IEnumerable<string> lines) => string.Concat(lines.Select(l => Environment.NewLine + "  - " + l));
}
