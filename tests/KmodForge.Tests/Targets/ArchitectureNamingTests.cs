using KmodForge.Naming;
using KmodForge.Targets;
using Xunit;

namespace KmodForge.Tests.Targets;

/// <summary>The architecture as it lands in package file names and release tags, per package format.</summary>
public class ArchitectureNamingTests
{
    [Theory]
    [InlineData("aarch64")]
    [InlineData("arm64")]
    public void Debian_arm64_packages_are_named_with_debians_arm64(string architecture)
    {
        var target = BuildTarget.Create("debian", "12", "6.1.0-28-arm64", architecture, "v0.1.0");
        Assert.Equal(Architecture.Aarch64, target.Architecture);
        Assert.Equal("kmodforge-sample-debian-12-6.1.0-28-arm64_v0.1.0_arm64.deb", PackageNaming.FileName("kmodforge-sample", target));
    }

    [Fact]
    public void Rpm_aarch64_packages_are_named_with_rpms_aarch64()
    {
        var target = BuildTarget.Create("fedora", "42", "6.14.0-63.fc42.aarch64", "arm64", "v0.1.0");
        Assert.EndsWith("_v0.1.0_aarch64.rpm", PackageNaming.FileName("kmodforge-sample", target), StringComparison.Ordinal);
    }

    [Fact]
    public void Amd64_and_arm64_builds_of_one_kernel_series_get_different_names_and_tags()
    {
        var amd = BuildTarget.Create("debian", "12", "6.1.0-28-amd64", "x86_64", "v0.1.0");
        var arm = BuildTarget.Create("debian", "12", "6.1.0-28-arm64", "aarch64", "v0.1.0");
        Assert.EndsWith("_amd64.deb", PackageNaming.FileName("kmodforge-sample", amd), StringComparison.Ordinal);
        Assert.EndsWith("_arm64.deb", PackageNaming.FileName("kmodforge-sample", arm), StringComparison.Ordinal);
        Assert.NotEqual(PackageNaming.ReleaseTag(amd, "{arch}"), PackageNaming.ReleaseTag(arm, "{arch}"));
    }
}
