using KmodForge.Errors;
using KmodForge.Tests.Support;

namespace KmodForge.Tests.BuildHost;

/// <summary>
/// The user mistakes that once ended as "unexpected failure (a bug)" with a stack trace, each through the real entry
/// point: one line naming what the user typed, in that interface's spelling, and the documented exit code.
/// </summary>
public sealed class UserMistakeTests
{
    private static readonly string[] Target = ["--distribution=debian", "--distro-version=12", "--kernel-release=6.1.0-28-amd64", "--driver-version=v0.2.0"];

    private static void AssertOneLine(string error, string expected)
    {
        var lines = error.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.Equal("Error: " + expected, Assert.Single(lines, l => l.StartsWith("Error:", StringComparison.Ordinal)));
        Assert.DoesNotContain("unexpected failure", error, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", error, StringComparison.Ordinal);
    }

    [Fact]
    public void A_bad_release_tag_template_is_one_line_naming_the_option()
    {
        var host = new HostHarness { RealBuildTasks = true };

        var exit = host.Run(["--target=ResolveTarget", .. Target, "--release-tag-template={driver_version}-{kernel}"]);

        Assert.Equal(ExitCodes.InvalidInput, exit);
        AssertOneLine(host.Error, "Invalid setting --release-tag-template: '{driver_version}-{kernel}' has unknown placeholders {kernel}; "
            + "accepted: {driver_version}, {distribution}, {distro_version}, {arch}");
    }

    [Fact]
    public void A_bad_kernel_release_is_reported_as_the_option_the_user_typed()
    {
        using var source = new TempDirectory();
        var host = new HostHarness { RealBuildTasks = true };

        var exit = host.Run("--target=ResolveTarget", "--module-source=" + source.Path, "--distribution=debian", "--distro-version=12", "--kernel-release=6.1.0;id", "--driver-version=v0.2.0");

        Assert.Equal(ExitCodes.InvalidInput, exit);
        Assert.Contains("Error: Invalid build target: --kernel-release: '6.1.0;id'", host.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("kernel_version", host.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void An_empty_chunk_ref_is_one_line()
    {
        using var temp = new TempDirectory();
        var host = new HostHarness { RealBuildTasks = true };
        host.Environment["GITHUB_OUTPUT"] = Path.Combine(temp.Path, "github_output");
        host.Environment["KMODFORGE_BLOB_DIR"] = Path.Combine(temp.Path, "store");

        var exit = host.Run("--target=MatrixChunk", "--chunk-ref=");

        Assert.Equal(ExitCodes.InvalidInput, exit);
        AssertOneLine(host.Error, "Invalid setting --chunk-ref: '' is empty and no --chunk was given; "
            + host.Error.Split("no --chunk was given; ")[1].Split('\n')[0].Trim());
    }

    [Fact]
    public void Matrix_outputs_over_their_cap_are_one_line()
    {
        using var temp = new TempDirectory();
        var output = Path.Combine(temp.Path, "github_output");
        File.WriteAllText(output, string.Empty);
        var host = new HostHarness { RealBuildTasks = true };
        host.Environment["GITHUB_OUTPUT"] = output;
        var builds = string.Join(',', Enumerable.Range(0, 4000).Select(i =>
            $$"""{"distribution":"debian","distro_version":"12","architecture":"x86_64","kernel_release":"6.1.0-{{i}}-amd64","runs_on":"ubuntu-24.04","format":"deb","base_image":"kmodforge/base-debian:12-amd64","cache_key":"0123456789abcdef","headers":["https://deb.debian.org/debian/pool/main/l/linux/linux-headers-6.1.0-{{i}}-amd64_6.1.{{i}}-1_amd64.deb","https://deb.debian.org/debian/pool/main/l/linux/linux-headers-6.1.0-{{i}}-common_6.1.{{i}}-1_all.deb"]}"""));
        var chunk = $$"""{"matrix_id":"m-1","chunk":1,"chunks":1,"driver_name":"kmodforge-sample","driver_version":"v0.1.0","include":[{{builds}}]}""";

        var exit = host.Run("--target=MatrixChunk", "--chunk=" + chunk);

        Assert.Equal(ExitCodes.Failed, exit);
        var line = Assert.Single(host.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries), l => l.StartsWith("Error:", StringComparison.Ordinal));
        Assert.Contains("more than the 1,048,576 allowed", line, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", host.Error, StringComparison.Ordinal);
        Assert.Equal(string.Empty, File.ReadAllText(output));
    }

    [Fact]
    public void A_missing_tokens_file_stops_the_service_with_one_line()
    {
        var service = Path.Combine(AppContext.BaseDirectory, "KmodForge.Service");
        var missing = Path.Combine(Path.GetTempPath(), "kmodforge-no-such-dir", "tokens");

        var result = ProcessRunner.Run(service, ["--urls=http://127.0.0.1:0", "--api-tokens-file=" + missing], timeout: TimeSpan.FromSeconds(60));

        Assert.Equal(ExitCodes.InvalidInput, result.ExitCode);
        AssertOneLine(result.Error, $"Invalid setting --api-tokens-file: '{missing}' does not exist");
    }
}
