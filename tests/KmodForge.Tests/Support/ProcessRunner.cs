using System.Diagnostics;

namespace KmodForge.Tests.Support;

/// <summary>
/// Runs a real tool (dpkg-deb, rpm, lintian, openssl, make...) with its arguments as separate argv entries, a timeout
/// and captured output. The one process runner of the tests; HostProcess and ExternalTool are views over it.
/// </summary>
public static class ProcessRunner
{
    public sealed record Result(int ExitCode, string Output, string Error)
    {
        public Result EnsureSuccess(string what) =>
            ExitCode == 0 ? this : throw new InvalidOperationException($"{what} failed with exit code {ExitCode}:\n{Error}\n{Output}");
    }

    public static Result Run(string file, params string[] args) => RunIn(null, file, args);

    public static Result RunIn(string? workingDirectory, string file, params string[] args) => Run(file, args, workingDirectory);

    public static Result Run(
        string file, IEnumerable<string> args, string? workingDirectory = null, IReadOnlyDictionary<string, string>? environment = null, TimeSpan? timeout = null)
    {
        var psi = new ProcessStartInfo(file)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory ?? Environment.CurrentDirectory,
        };
        var argv = args.ToList();
        foreach (var arg in argv)
        {
            psi.ArgumentList.Add(arg);
        }

        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            psi.Environment[key] = value;
        }

        using var process = Process.Start(psi) ?? throw new InvalidOperationException($"could not start {file}");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        var limit = timeout ?? TimeSpan.FromMinutes(10);
        if (!process.WaitForExit(limit))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{file} {string.Join(' ', argv)} did not finish in {limit.TotalMinutes:0.#} minutes");
        }

        return new Result(process.ExitCode, stdout.Result, stderr.Result);
    }

    /// <summary>True when <paramref name="tool"/> is on PATH.</summary>
    public static bool OnPath(string tool) =>
        (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(':', StringSplitOptions.RemoveEmptyEntries)
            .Any(d => File.Exists(System.IO.Path.Combine(d, tool)));
}
