using System.Diagnostics;
using KmodForge.Configuration;

namespace KmodForge.Setup;

/// <summary>Settings of the Test task: what it passes to <c>dotnet test</c>.</summary>
public sealed class TestSettings
{
    [Setting("test-filter", "Run only the tests this `dotnet test --filter` expression selects, e.g. FullyQualifiedName~Packaging (default: all).")]
    public string? Filter { get; init; }

    [Setting("test-logger", "`dotnet test --logger` values, comma-separated (e.g. console;verbosity=normal,trx).")]
    public IReadOnlyList<string> Loggers { get; init; } = ["console;verbosity=normal"];

    [Setting("test-no-build", "Pass --no-build: test what is already built in Release.")]
    public bool NoBuild { get; init; }
}

/// <summary>The README's test command, <c>dotnet test KmodForge.sln -c Release</c>, run with the terminal's own output.</summary>
public static class TestRun
{
    public const string Solution = "KmodForge.sln";

    /// <summary>The arguments after <c>dotnet</c>. Each value is one argument (never split by a shell).</summary>
    public static IReadOnlyList<string> Arguments(TestSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var arguments = new List<string> { "test", Solution, "-c", "Release" };
        foreach (var logger in settings.Loggers)
        {
            arguments.AddRange(["--logger", logger]);
        }

        if (!string.IsNullOrWhiteSpace(settings.Filter))
        {
            arguments.AddRange(["--filter", settings.Filter]);
        }

        if (settings.NoBuild)
        {
            arguments.Add("--no-build");
        }

        return arguments;
    }

    /// <summary>
    /// Gives every assembly in <paramref name="directory"/> (the running build host's folder) a new file with the same
    /// bytes, renamed over the old name: this process keeps reading the old files, so the solution build that
    /// <c>dotnet test</c> runs may rewrite the host's output in place without changing code this process has mapped.
    /// </summary>
    public static void DetachAssemblies(string directory)
    {
        foreach (var path in Directory.EnumerateFiles(directory, "*.dll"))
        {
            var temp = IO.AtomicFile.TempPathBeside(path);
            File.Copy(path, temp);
            File.SetLastWriteTimeUtc(temp, File.GetLastWriteTimeUtc(path));
            File.Move(temp, path, overwrite: true);
        }
    }

    /// <summary>
    /// Runs <c>dotnet</c> with <paramref name="arguments"/> in <paramref name="workingDirectory"/>, its output going
    /// straight to this process's terminal (as if typed); cancelling kills it and its children. Returns the exit code.
    /// </summary>
    public static async Task<int> RunAsync(IReadOnlyList<string> arguments, string workingDirectory, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo("dotnet") { WorkingDirectory = workingDirectory, UseShellExecute = false };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start");
        try
        {
            await process.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }

        return process.ExitCode;
    }
}
