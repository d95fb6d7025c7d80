using System.Diagnostics;

namespace KmodForge.Tests.Packaging;

/// <summary>Runs a real tool (rpm, rpmlint, dpkg-deb, openssl, make) and captures its output.</summary>
internal static class ExternalTool
{
    public sealed record Result(int ExitCode, string StandardOutput, string StandardError)
    {
        public string Output => StandardOutput + StandardError;
    }

    public static Result Run(string file, IEnumerable<string> arguments, string? workingDirectory = null, IReadOnlyDictionary<string, string>? environment = null)
    {
        var start = new ProcessStartInfo(file)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory ?? Environment.CurrentDirectory,
        };
        foreach (var a in arguments)
        {
            start.ArgumentList.Add(a);
        }

        foreach (var (k, v) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[k] = v;
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {file}");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        process.WaitForExit();
        return new Result(process.ExitCode, stdout.Result, stderr.Result);
    }

    /// <summary>Runs and asserts exit code 0, showing the output when it is not.</summary>
    public static string Ok(string file, params string[] arguments)
    {
        var result = Run(file, arguments);
        Assert.True(result.ExitCode == 0, $"{file} {string.Join(' ', arguments)} exited {result.ExitCode}:\n{result.Output}");
        return result.StandardOutput;
    }
}
