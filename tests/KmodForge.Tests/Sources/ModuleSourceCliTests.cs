using KmodForge.Errors;
using KmodForge.Tests.BuildHost;
using KmodForge.Tests.Support;

namespace KmodForge.Tests.Sources;

/// <summary>--module-source through the real build host, as a user (or the workflows) types it.</summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class ModuleSourceCliTests : IDisposable
{
    private static readonly string[] Target = ["--target=ResolveTarget", "--distribution=debian", "--distro-version=12", "--kernel-release=6.1.0-28-amd64", "--driver-version=v1.0.0"];

    private readonly TempDirectory temp = new("kmodforge-source-cli");

    [Fact]
    public void The_workflows_git_source_is_built_at_driver_version_given_in_the_environment()
    {
        var (repo, v1, _) = SourceFixtures.GitRepository(temp);
        var host = new HostHarness { RealBuildTasks = true };
        host.Environment["KMODFORGE_MODULE_SOURCE_REF"] = "v1.0.0"; // as driver-build.yml and matrix-build.yml set it from driver_version

        var exit = host.Run([.. Target, "--module-source=git+file://" + repo, "--work-dir=" + temp.Combine("work"), "--release-dir=" + temp.Combine("releases")]);

        Assert.True(exit == 0, host.Error + host.Output);
        Assert.Equal("1.0\n", File.ReadAllText(temp.Combine("work", "sources", "git-" + v1, "VERSION")));
        Assert.Equal([temp.Combine("work", "sources", "git-" + v1)], Directory.GetDirectories(temp.Combine("work", "sources")));
    }

    [Fact]
    public void A_package_without_a_module_source_is_one_line_naming_the_option()
    {
        var package = SourceFixtures.Package(temp, KmodForge.Targets.PackageFormat.Deb, []);
        var host = new HostHarness { RealBuildTasks = true };

        var exit = host.Run([.. Target, "--module-source=" + package, "--work-dir=" + temp.Combine("work"), "--release-dir=" + temp.Combine("releases")]);

        Assert.Equal(ExitCodes.InvalidInput, exit);
        Assert.True(host.Error.Contains($"Error: --module-source: '{package}' is not a DKMS source package with one module source: it has nothing under /usr/src", StringComparison.Ordinal), host.Error);
        Assert.DoesNotContain("   at ", host.Error, StringComparison.Ordinal);
    }

    public void Dispose() => temp.Dispose();
}
