using System.Diagnostics;
using KmodForge.Diagnostics;
using KmodForge.Errors;
using KmodForge.Net;

namespace KmodForge.Sources;

/// <summary>A git command failed (the message has the command and the tail of git's output, credentials removed).</summary>
public sealed class GitSourceException(string message) : KmodForgeException(message);

/// <summary>What one git run printed.</summary>
public sealed record GitOutput(string StandardOutput, string StandardError);

/// <summary>
/// Runs git as an argument list (never a shell), non-interactively (no terminal or askpass prompt, no ext:: transport),
/// each attempt bounded by a timeout, cancellable (the process tree is killed), and retried with backoff when git's
/// error says the network faltered. Every line logged or thrown has the repository URL's credentials replaced by <c>***</c>.
/// </summary>
public sealed class GitCommand(IBuildLog log, RetryOptions? retry = null, string executable = "git")
{
    private static readonly string[] TransientMarks =
    [
        "Could not resolve host", "Connection timed out", "Connection reset", "Connection refused", "Operation timed out",
        "The remote end hung up unexpectedly", "early EOF", "unexpected disconnect", "RPC failed", "Failed to connect",
        "returned error: 500", "returned error: 502", "returned error: 503", "returned error: 504", "returned error: 429",
        "TLS connection was non-properly terminated", "gnutls_handshake() failed", "timed out after",
    ];

    private readonly RetryOptions retry = retry ?? new RetryOptions { MaxAttempts = 3, AttemptTimeout = TimeSpan.FromMinutes(10) };

    /// <summary>Whether git's error output says the failure was the network's (worth retrying).</summary>
    public static bool IsTransient(string standardError) => TransientMarks.Any(m => standardError.Contains(m, StringComparison.OrdinalIgnoreCase));

    /// <summary>Runs <c>git &lt;args&gt;</c>; <paramref name="location"/> is the repository URL to redact from everything shown.</summary>
    public async Task<GitOutput> RunAsync(IReadOnlyList<string> args, string location, CancellationToken cancellationToken)
    {
        var line = GitLocation.RedactIn(string.Join(' ', ["git", "-c", "protocol.ext.allow=never", .. args]), location);
        for (var attempt = 1; ; attempt++)
        {
            log.Verbose($"running {line}");
            var (exit, output, timedOut) = await RunOnceAsync(args, cancellationToken).ConfigureAwait(false);
            if (exit == 0)
            {
                return output;
            }

            var stderr = GitLocation.RedactIn(output.StandardError.Trim(), location);
            var tail = stderr.Length > 2000 ? "..." + stderr[^2000..] : stderr;
            var why = timedOut ? $"timed out after {retry.AttemptTimeout.TotalSeconds:0} s" : $"failed with exit code {exit}";
            if ((timedOut || IsTransient(stderr)) && attempt < retry.MaxAttempts)
            {
                var delay = retry.DelayFor(attempt);
                log.Warning($"`{line}` {why} (attempt {attempt} of {retry.MaxAttempts}); retrying in {delay.TotalSeconds:0.#} s: {tail}");
                await Task.Delay(delay, cancellationToken).ConfigureAwait(false);
                continue;
            }

            throw new GitSourceException($"`{line}` {why}{(attempt > 1 ? $" (attempt {attempt} of {retry.MaxAttempts})" : string.Empty)}: {tail}");
        }
    }

    private async Task<(int Exit, GitOutput Output, bool TimedOut)> RunOnceAsync(IReadOnlyList<string> args, CancellationToken cancellationToken)
    {
        var psi = new ProcessStartInfo(executable) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        psi.Environment["GIT_TERMINAL_PROMPT"] = "0";
        psi.Environment["GIT_ASKPASS"] = "true";
        psi.Environment["SSH_ASKPASS"] = "true";
        psi.Environment["GIT_SSH_COMMAND"] = "ssh -o BatchMode=yes";
        psi.Environment["GCM_INTERACTIVE"] = "never";
        psi.Environment["LC_ALL"] = "C";
        foreach (var arg in (string[])["-c", "protocol.ext.allow=never", .. args])
        {
            psi.ArgumentList.Add(arg);
        }

        Process process;
        try
        {
            process = Process.Start(psi) ?? throw new GitSourceException($"could not start {executable}");
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new GitSourceException($"could not start {executable} ({e.Message}); install git to build from a git repository");
        }

        using (process)
        using (var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
        {
            timeout.CancelAfter(retry.AttemptTimeout);
            var stdout = process.StandardOutput.ReadToEndAsync(CancellationToken.None);
            var stderr = process.StandardError.ReadToEndAsync(CancellationToken.None);
            try
            {
                await process.WaitForExitAsync(timeout.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                await process.WaitForExitAsync(CancellationToken.None).ConfigureAwait(false);
                cancellationToken.ThrowIfCancellationRequested();
                return (-1, new GitOutput(await stdout.ConfigureAwait(false), await stderr.ConfigureAwait(false)), true);
            }

            return (process.ExitCode, new GitOutput(await stdout.ConfigureAwait(false), await stderr.ConfigureAwait(false)), false);
        }
    }
}
