using KmodForge.Configuration;
using KmodForge.Naming;
using KmodForge.Targets;

namespace KmodForge.Tests.Targets;

public sealed class NamingTests
{
    private static readonly BuildTarget Gcp = BuildTarget.Create("ubuntu", "24.04", "6.14.0-1021-gcp", "amd64", "v0.1.2");

    [Fact]
    public void File_name_has_driver_distro_version_kernel_driver_version_and_format_arch()
    {
        Assert.Equal("riptides-driver-ubuntu-24.04-6.14.0-1021-gcp_v0.1.2_amd64.deb", PackageNaming.FileName("riptides-driver", Gcp));
        Assert.Equal("kfs-fedora-42-6.14.0-63.fc42.aarch64_v1.0.0_aarch64.rpm",
            PackageNaming.FileName("kfs", BuildTarget.Create("fedora", null, "6.14.0-63.fc42.aarch64", "arm64", "v1.0.0")));
        Assert.Equal("riptides-driver-ubuntu-24.04-6.14.0-1021-gcp_v0.1.2_amd64.deb.sha256", PackageNaming.ChecksumFileName(PackageNaming.FileName("riptides-driver", Gcp)));
    }

    [Theory]
    [InlineData("; rm -rf /")]
    [InlineData("$(id)")]
    [InlineData("`id`")]
    [InlineData("../x")]
    [InlineData("a/b")]
    [InlineData("a b")]
    [InlineData("a\nb")]
    [InlineData("a\0b")]
    [InlineData("dräiver")]
    [InlineData("Driver")]
    [InlineData("driver-")]
    [InlineData("x")]
    [InlineData("")]
    public void Refuses_hostile_driver_names_naming_the_field(string name)
    {
        var e = Assert.Throws<TargetValidationException>(() => PackageNaming.FileName(name, Gcp));
        Assert.Equal("driver_name", Assert.Single(e.Errors).Field);
        Assert.Throws<TargetValidationException>(() => PackageNaming.PackageName(name, Gcp));
        Assert.Throws<TargetValidationException>(() => new CacheKey(name, Gcp));
    }

    [Fact]
    public void Refuses_a_10000_character_driver_name()
    {
        var e = Assert.Throws<TargetValidationException>(() => PackageNaming.FileName(new string('a', 10_000), Gcp));

        Assert.Contains("(10000 characters)", e.Message);
    }

    [Theory]
    [InlineData("v0.5.16", "0.5.16")]
    [InlineData("1.2.3", "1.2.3")]
    [InlineData("v1.0.0-rc.1", "1.0.0~rc.1")]
    [InlineData("v1.2.3+build.5", "1.2.3")]
    [InlineData("v1.2.3-beta+build.5", "1.2.3~beta")]
    public void Package_version_sorts_pre_releases_first(string driverVersion, string expected) =>
        Assert.Equal(expected, PackageNaming.PackageVersion(driverVersion));

    [Fact]
    public void Package_version_orders_as_dpkg_does()
    {
        var rc = PackageNaming.PackageVersion("v1.0.0-rc.1");
        var final = PackageNaming.PackageVersion("v1.0.0");

        var result = Modules.HostProcess.Run("dpkg", "--compare-versions", rc, "lt", final);

        Assert.Equal(0, result.ExitCode);
    }

    [Fact]
    public void Package_name_is_lowercase_and_per_kernel()
    {
        Assert.Equal("kfs-6.14.0-1021-gcp", PackageNaming.PackageName("kfs", Gcp));
        Assert.Equal("kfs-6.12.58-82.121.amzn2023.x86-64",
            PackageNaming.PackageName("kfs", BuildTarget.Create("amazonlinux", null, "6.12.58-82.121.amzn2023.x86_64", "x86_64", "v1.0.0")));
    }

    [Fact]
    public void Release_tag_fills_the_template_and_refuses_unknown_placeholders()
    {
        Assert.Equal("v0.1.2-ubuntu-24.04-x86_64", PackageNaming.ReleaseTag(Gcp));
        Assert.Equal("v0.1.2", PackageNaming.ReleaseTag(Gcp, "{driver_version}"));
        Assert.Equal("v0.1.2-ubuntu", PackageNaming.ReleaseTag(Gcp, "{driver_version}-{distribution}"));
        Assert.Contains("--release-tag-template: '{kernel}' has unknown placeholders {kernel}", Assert.Throws<SettingsException>(() => PackageNaming.ReleaseTag(Gcp, "{kernel}")).Message);
        Assert.Throws<SettingsException>(() => PackageNaming.ReleaseTag(Gcp, "../{driver_version}"));
        Assert.Throws<SettingsException>(() => PackageNaming.ReleaseTag(Gcp, "{driver_version}\n"));
    }

    [Fact]
    public void Cache_key_changes_with_every_field()
    {
        var baseline = new CacheKey("kfs", BuildTarget.Create("debian", "12", "6.1.0-28-amd64", "amd64", "v1.0.0"));
        var variants = new[]
        {
            baseline with { DriverName = "kfs-two" },
            baseline with { Target = BuildTarget.Create("debian", "12", "6.1.0-28-amd64", "amd64", "v1.0.1") },
            baseline with { Target = BuildTarget.Create("debian", "12", "6.1.0-29-amd64", "amd64", "v1.0.0") },
            baseline with { Target = BuildTarget.Create("debian", "12", "6.1.0-28-arm64", "arm64", "v1.0.0") },
            baseline with { Target = BuildTarget.Create("debian", "13", "6.12.38+deb13-amd64", "amd64", "v1.0.0") },
            baseline with { Target = BuildTarget.Create("ubuntu", "24.04", "6.8.0-48-generic", "amd64", "v1.0.0") },
            baseline with { Target = BuildTarget.Create("ubuntu", "22.04", "6.8.0-48-generic", "amd64", "v1.0.0") },
        };

        Assert.Equal("kfs/v1.0.0/debian/12/x86_64/6.1.0-28-amd64", baseline.Id);
        Assert.Matches("^[0-9a-f]{16}$", baseline.Hash);
        Assert.Equal(baseline.Hash, new CacheKey("kfs", BuildTarget.Create("debian", null, "6.1.0-28-amd64", "x86_64", "v1.0.0")).Hash);
        var all = variants.Append(baseline).ToList();
        Assert.Equal(all.Count, all.Select(k => k.Hash).Distinct().Count());
        Assert.Equal(all.Count, all.Select(k => k.Id).Distinct().Count());
    }
}
