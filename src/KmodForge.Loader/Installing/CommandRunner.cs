using System.Diagnostics;
using KmodForge.Diagnostics;
using KmodForge.Errors;

namespace KmodForge.Loader.Installing;

/// <summary>A command that changes the host failed.</summary>
public sealed class HostCommandException(string message) : KmodForgeException(message);

/// <summary>
/// Runs the commands that change the host (insmod, modprobe, rmmod, the package manager) as argument lists, never
/// through a shell. In dry-run mode it prints each one and runs none.
/// </summary>
public sealed class CommandRunner(bool dryRun, IBuildLog log)
{
    private readonly List<string> actions = [];

    /// <summary>Every action taken (or, in dry run, that would have been taken), in order.</summary>
    public IReadOnlyList<string> Actions => actions;

    public bool DryRun => dryRun;

    public async Task RunAsync(string command, IReadOnlyList<string> args, CancellationToken cancellationToken)
    {
        var line = string.Join(' ', [command, .. args]);
        actions.Add(line);
        if (dryRun)
        {
            log.Info($"dry run: would run {line}");
            return;
        }

        log.Info($"running {line}");
        var psi = new ProcessStartInfo(command) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in args)
        {
            psi.ArgumentList.Add(arg);
        }

        using var process = Process.Start(psi) ?? throw new HostCommandException($"could not start {command}");
        var stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
        if (process.ExitCode != 0)
        {
            throw new HostCommandException($"`{line}` failed with exit code {process.ExitCode}: {(await stderr.ConfigureAwait(false)).Trim()} {(await stdout.ConfigureAwait(false)).Trim()}".TrimEnd());
        }
    }
}
