using KmodForge.Tests.Loader;
using KmodForge.Tests.Support;

namespace KmodForge.Tests.Images;

/// <summary>
/// docker/check-apt-sources.sh, which the Ubuntu base image runs before installing the toolchain, run here on root
/// directories holding Ubuntu's published os-release and apt sources (deb822 on 24.04, sources.list on 22.04, ports on arm64).
/// </summary>
public sealed class AptSourcesCheckTests : IDisposable
{
    private const string Noble = """
        Types: deb
        URIs: http://archive.ubuntu.com/ubuntu/
        Suites: noble noble-updates noble-backports
        Components: main universe restricted multiverse
        Signed-By: /usr/share/keyrings/ubuntu-archive-keyring.gpg

        Types: deb
        URIs: http://security.ubuntu.com/ubuntu/
        Suites: noble-security
        Components: main universe restricted multiverse
        Signed-By: /usr/share/keyrings/ubuntu-archive-keyring.gpg
        """;

    private const string JammyPorts = """
        # See http://help.ubuntu.com/community/UpgradeNotes for how to upgrade to
        deb http://ports.ubuntu.com/ubuntu-ports/ jammy main restricted
        deb http://ports.ubuntu.com/ubuntu-ports/ jammy-updates main restricted
        deb http://ports.ubuntu.com/ubuntu-ports/ jammy universe
        deb http://ports.ubuntu.com/ubuntu-ports/ jammy-security main restricted
        """;

    private readonly TempDirectory root = new();

    private ProcessRunner.Result Check(string osRelease, string sourcesFile, string sources, string id, string version)
    {
        Directory.CreateDirectory(root.Combine("etc", "apt", "sources.list.d"));
        File.WriteAllText(root.Combine("etc", "os-release"), osRelease);
        File.WriteAllText(root.Combine("etc", "apt", sourcesFile), sources);
        return ProcessRunner.Run("sh", [Path.Combine(RepoPaths.Root, "docker", "check-apt-sources.sh"), id, version],
            environment: new Dictionary<string, string> { ["ROOT"] = root.Path });
    }

    [Fact]
    public void Ubuntu_24_04_deb822_sources_have_every_pocket()
    {
        var result = Check(OsReleaseSamples.Ubuntu2404, "sources.list.d/ubuntu.sources", Noble, "ubuntu", "24.04");

        Assert.True(result.ExitCode == 0, result.Error);
        Assert.Equal("apt sources: noble, noble-updates, noble-security\n", result.Output);
    }

    [Fact]
    public void Ubuntu_22_04_arm64_ports_sources_have_every_pocket()
    {
        var result = Check(OsReleaseSamples.Ubuntu2204, "sources.list", JammyPorts, "ubuntu", "22.04");

        Assert.True(result.ExitCode == 0, result.Error);
    }

    [Fact]
    public void A_missing_or_commented_out_pocket_fails_naming_it()
    {
        var result = Check(OsReleaseSamples.Ubuntu2204, "sources.list", JammyPorts.Replace("deb http://ports.ubuntu.com/ubuntu-ports/ jammy-security", "# deb http://ports.ubuntu.com/ubuntu-ports/ jammy-security", StringComparison.Ordinal), "ubuntu", "22.04");

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("apt sources of ubuntu 22.04 lack: jammy-security", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Another_release_than_the_one_asked_for_fails_naming_both()
    {
        var result = Check(OsReleaseSamples.Ubuntu2204, "sources.list", JammyPorts, "ubuntu", "24.04");

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("BASE_IMAGE is ubuntu 22.04, expected ubuntu 24.04", result.Error, StringComparison.Ordinal);
    }

    public void Dispose() => root.Dispose();
}
