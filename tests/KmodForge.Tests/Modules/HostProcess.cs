using KmodForge.Tests.Support;

namespace KmodForge.Tests.Modules;

/// <summary>Runs a host tool (make, gcc, dpkg-deb, modinfo) in the C locale through <see cref="ProcessRunner"/>.</summary>
public static class HostProcess
{
    private static readonly IReadOnlyDictionary<string, string> CLocale = new Dictionary<string, string> { ["LC_ALL"] = "C" };

    public sealed record Result(int ExitCode, string Stdout, string Stderr)
    {
        public Result EnsureSuccess(string what) => ExitCode == 0
            ? this
            : throw new InvalidOperationException($"{what} failed with exit code {ExitCode}:\n{Stdout}\n{Stderr}");
    }

    public static Result Run(string file, IEnumerable<string> args, string? workingDirectory = null, TimeSpan? timeout = null)
    {
        var r = ProcessRunner.Run(file, args, workingDirectory, CLocale, timeout ?? TimeSpan.FromMinutes(5));
        return new Result(r.ExitCode, r.Output, r.Error);
    }

    public static Result Run(string file, params string[] args) => Run(file, (IEnumerable<string>)args);

    /// <summary>True when <paramref name="tool"/> is on PATH.</summary>
    public static bool OnPath(string tool) => ProcessRunner.OnPath(tool);
}
