using KmodForge.Tests.Support;

namespace KmodForge.Tests.BuildHost;

/// <summary>
/// `./build.sh --target=Test` as typed: the built host (build/bin/Release, what build.sh runs) from the repository
/// root. The real runs call `dotnet test --no-build` on one fast test, so they test what the Test task passes through.
/// </summary>
public sealed class TestTaskTests
{
    private static readonly string Host = Path.Combine(RepoPaths.Root, "build", "bin", "Release", "net10.0", "KmodForge.Build.dll");

    private static ProcessRunner.Result Run(params string[] args) =>
        ProcessRunner.Run("dotnet", ["exec", Host, .. args], RepoPaths.Root, timeout: TimeSpan.FromMinutes(5));

    /// <summary>The output without ANSI colour sequences.</summary>
    private static string Plain(string text) => System.Text.RegularExpressions.Regex.Replace(text, "\u001b\\[[0-9;]*m", string.Empty);

    [Fact]
    public void Test_help_lists_the_settings_it_passes_to_dotnet_test_and_the_prerequisite_settings()
    {
        var result = Run("--target=Test", "--help");

        Assert.True(result.ExitCode == 0, result.Output + result.Error);
        foreach (var setting in new[] { "--test-filter", "--test-logger", "--test-no-build", "--install-prerequisites", "--prerequisites-for" })
        {
            Assert.Contains(setting, result.Output, StringComparison.Ordinal);
        }

        Assert.Contains("Test", result.Output, StringComparison.Ordinal);
        Assert.Contains("Prerequisites", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void Test_and_driver_dry_runs_start_with_prerequisites()
    {
        var test = Run("--target=Test", "--dryrun");
        var driver = Run("--target=Driver", "--dryrun", "--distribution=debian", "--distro-version=12", "--kernel-release=latest", "--driver-version=v0.1.0");

        Assert.True(test.ExitCode == 0, test.Output + test.Error);
        Assert.True(driver.ExitCode == 0, driver.Output + driver.Error);
        Assert.Contains("1. Prerequisites\n2. Test\n", Plain(test.Output), StringComparison.Ordinal);
        Assert.Contains("1. Prerequisites\n2. ResolveTarget\n", Plain(driver.Output), StringComparison.Ordinal);
    }

    [Fact]
    public void Test_passes_the_filter_the_loggers_and_no_build_to_dotnet_test()
    {
        using var temp = new TempDirectory();
        var trx = temp.Combine("run.trx");
        const string One = "FullyQualifiedName=KmodForge.Tests.Setup.TestRunTests.By_default_it_is_the_readme_command_with_the_normal_console_logger";

        var result = Run("--target=Test", "--install-prerequisites=false", "--test-no-build", "--test-filter=" + One, $"--test-logger=console;verbosity=normal,trx;LogFileName={trx}");

        Assert.True(result.ExitCode == 0, result.Output + result.Error);
        Assert.Contains("dotnet test KmodForge.sln -c Release --logger \"console;verbosity=normal\" --logger \"trx;LogFileName=", result.Output, StringComparison.Ordinal);
        Assert.Contains("Passed KmodForge.Tests.Setup.TestRunTests.By_default_it_is_the_readme_command_with_the_normal_console_logger", result.Output, StringComparison.Ordinal);
        Assert.Contains("executed=\"1\" passed=\"1\"", File.ReadAllText(trx), StringComparison.Ordinal);
    }

    [Fact]
    public void A_failing_dotnet_test_is_an_expected_failure_with_exit_code_1()
    {
        var result = Run("--target=Test", "--install-prerequisites=false", "--test-no-build", "--test-logger=no-such-logger", "--test-filter=FullyQualifiedName=None");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("Could not find a test logger with AssemblyQualifiedName, URI or FriendlyName 'no-such-logger'", result.Output + result.Error, StringComparison.Ordinal);
        Assert.Contains("Error: dotnet test exited with code 1", result.Output + result.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("unexpected failure", result.Output + result.Error, StringComparison.Ordinal);
    }
}
