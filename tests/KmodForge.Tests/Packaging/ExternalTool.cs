using KmodForge.Tests.Support;

namespace KmodForge.Tests.Packaging;

/// <summary>Runs a real tool (rpm, rpmlint, dpkg-deb, openssl, make) through <see cref="ProcessRunner"/>.</summary>
internal static class ExternalTool
{
    public sealed record Result(int ExitCode, string StandardOutput, string StandardError)
    {
        public string Output => StandardOutput + StandardError;
    }

    public static Result Run(string file, IEnumerable<string> arguments, string? workingDirectory = null, IReadOnlyDictionary<string, string>? environment = null)
    {
        var r = ProcessRunner.Run(file, arguments, workingDirectory, environment);
        return new Result(r.ExitCode, r.Output, r.Error);
    }

    /// <summary>Runs and asserts exit code 0, showing the output when it is not.</summary>
    public static string Ok(string file, params string[] arguments)
    {
        var result = Run(file, arguments);
        Assert.True(result.ExitCode == 0, $"{file} {string.Join(' ', arguments)} exited {result.ExitCode}:\n{result.Output}");
        return result.StandardOutput;
    }
}
