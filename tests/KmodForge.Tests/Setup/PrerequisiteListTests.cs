using KmodForge.Errors;
using KmodForge.Setup;

namespace KmodForge.Tests.Setup;

public sealed class PrerequisiteListTests
{
    [Fact]
    public void The_repository_list_has_the_engine_the_offline_bootstrap_emulation_the_tests_tools_and_the_npm_tools()
    {
        var list = HostStub.RealList();

        Assert.Equal(["podman", "runc"], list.Where(p => p.Group == PrerequisiteGroup.Engine).Select(p => p.Name));
        Assert.Equal(["mmdebstrap", "arch-test"], list.Where(p => p.Group == PrerequisiteGroup.Offline).Select(p => p.Name));
        Assert.Contains(list, p => p is { Group: PrerequisiteGroup.Emulation, Name: "qemu-user-static" });
        Assert.Contains(list, p => p is { Group: PrerequisiteGroup.Test, Name: "npm", Command: "npm" });
        Assert.Contains(list, p => p is { Group: PrerequisiteGroup.Npm, Name: "@actions/workflow-parser@0.3.61" });
        Assert.All(list, p => Assert.False(string.IsNullOrEmpty(p.Purpose), $"{p.Name} has no comment saying what uses it"));
    }

    [Fact]
    public void Reads_group_name_command_and_comment_and_skips_blank_and_comment_lines()
    {
        var list = PrerequisiteList.Parse("# header\n\nengine  podman   # the engine\ntest npm npm # tools\r\nnpm s3rver@3.7.1\n", "list.txt");

        Assert.Equal(
            [
                new Prerequisite(PrerequisiteGroup.Engine, "podman", null, "the engine"),
                new Prerequisite(PrerequisiteGroup.Test, "npm", "npm", "tools"),
                new Prerequisite(PrerequisiteGroup.Npm, "s3rver@3.7.1", null, string.Empty),
            ],
            list);
    }

    [Fact]
    public void An_arch_qualified_package_names_its_foreign_architecture()
    {
        var list = PrerequisiteList.Parse("test zlib1g-dev:arm64 # arm64 zlib\ntest zlib1g-dev # native zlib\n", "list.txt");

        Assert.Equal(["zlib1g-dev:arm64", "zlib1g-dev"], list.Select(p => p.Name));
        Assert.Equal(["arm64", null], list.Select(p => p.ForeignArchitecture));
    }

    [Theory]
    [InlineData("test zlib1g-dev:arm64;id", "list.txt:2", "'zlib1g-dev:arm64;id' is not a Debian package name (optionally arch-qualified, name:arm64)")]
    [InlineData("test zlib1g-dev:", "list.txt:2", "'zlib1g-dev:' is not a Debian package name")]
    [InlineData("build podman", "list.txt:2", "'build podman'")]
    [InlineData("engine podman;rm", "list.txt:2", "'podman;rm' is not a Debian package name")]
    [InlineData("npm s3rver", "list.txt:2", "'s3rver' is not a npm name@version")]
    [InlineData("test npm $(id)", "list.txt:2", "'$(id)' is not a command name")]
    [InlineData("engine", "list.txt:2", "is not GROUP NAME [COMMAND]")]
    public void A_bad_line_is_an_error_naming_the_file_the_line_and_the_value(string line, string where, string what)
    {
        var e = Assert.Throws<KmodForgeException>(() => PrerequisiteList.Parse("engine runc\n" + line + "\n", "list.txt"));

        Assert.Contains(where, e.Message, StringComparison.Ordinal);
        Assert.Contains(what, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Reads_os_release_and_the_host_family()
    {
        var ubuntu = OsRelease.Parse("NAME=\"Ubuntu\"\nID=ubuntu\nID_LIKE=debian\nPRETTY_NAME=\"Ubuntu 24.04 LTS\"\n");
        Assert.Equal("Ubuntu 24.04 LTS", ubuntu["PRETTY_NAME"]);
        Assert.Equal(HostFamily.Debian, OsRelease.Family(ubuntu));
        Assert.Equal(HostFamily.Debian, OsRelease.Family(OsRelease.Parse("ID=linuxmint\nID_LIKE=\"ubuntu debian\"\n")));
        Assert.Equal(HostFamily.Fedora, OsRelease.Family(OsRelease.Parse("ID=fedora\nVERSION_ID=43\n")));
        Assert.Equal(HostFamily.Fedora, OsRelease.Family(OsRelease.Parse("ID=\"almalinux\"\nID_LIKE=\"rhel centos fedora\"\n")));
        Assert.Equal(HostFamily.Other, OsRelease.Family(OsRelease.Parse("ID=arch\n")));
    }

    [Fact]
    public void Dpkg_status_lists_installed_packages_only()
    {
        const string Status = "Package: podman\nStatus: install ok installed\nVersion: 4.3.1\n\nPackage: runc\nStatus: deinstall ok config-files\n\nPackage: npm\nStatus: hold ok installed\n\nPackage: gcc\nStatus: install ok unpacked\n";

        Assert.Equal(["npm", "podman"], DpkgStatus.Installed(Status).Order());
    }

    [Fact]
    public void Dpkg_status_lists_each_installed_package_by_name_and_by_its_arch_qualified_name()
    {
        const string Status = "Package: zlib1g-dev\nStatus: install ok installed\nArchitecture: amd64\n\nPackage: libc6-dev\nStatus: install ok installed\nArchitecture: arm64\n\n"
            + "Package: gcc\nStatus: deinstall ok config-files\nArchitecture: arm64\n\nPackage: tzdata\nStatus: install ok installed\nArchitecture: all";

        Assert.Equal(["libc6-dev", "libc6-dev:arm64", "tzdata", "tzdata:all", "zlib1g-dev", "zlib1g-dev:amd64"], DpkgStatus.Installed(Status).Order(StringComparer.Ordinal));
    }
}
