using KmodForge.Headers.Rpm;
using KmodForge.Targets;

namespace KmodForge.Tests.Headers.Rpm;

public sealed class KernelDevelPackageTests
{
    [Theory]
    [InlineData("fedora", "6.14.0-63.fc42.x86_64", "kernel-devel", null, "kernel-devel-6.14.0-63.fc42.x86_64", "kernel")]
    [InlineData("centos", "6.12.0-212.el10.aarch64", "kernel-devel", null, "kernel-devel-6.12.0-212.el10.aarch64", "kernel")]
    [InlineData("centos", "5.14.0-100.rt14.100.el9.x86_64", "kernel-rt-devel", null, "kernel-rt-devel-5.14.0-100.rt14.100.el9.x86_64", "kernel-rt")]
    [InlineData("amazonlinux", "6.1.159-182.297.amzn2023.x86_64", "kernel-devel", 1, "kernel-devel-1:6.1.159-182.297.amzn2023.x86_64", "kernel")]
    [InlineData("amazonlinux", "6.12.58-82.121.amzn2023.x86_64", "kernel6.12-devel", 1, "kernel6.12-devel-1:6.12.58-82.121.amzn2023.x86_64", "kernel6.12")]
    [InlineData("amazonlinux", "6.18.30-61.116.amzn2023.aarch64", "kernel6.18-devel", 1, "kernel6.18-devel-1:6.18.30-61.116.amzn2023.aarch64", "kernel6.18")]
    public void Names_the_devel_package_the_way_each_distribution_does(string distro, string release, string name, int? epoch, string dnfSpec, string source)
    {
        var arch = release.EndsWith("aarch64", StringComparison.Ordinal) ? "aarch64" : "x86_64";
        var package = KernelDevelPackage.For(BuildTarget.Create(distro, null, release, arch, "v1.0.0"));

        Assert.Equal(name, package.Name);
        Assert.Equal(epoch, package.Epoch);
        Assert.Equal(dnfSpec, package.DnfSpec);
        Assert.Equal(source, package.SourceName);
        Assert.Equal($"{name}-{release}.rpm", package.FileName);
    }

    [Fact]
    public void Deb_distributions_have_no_kernel_devel_package()
    {
        Assert.Throws<ArgumentException>(() => KernelDevelPackage.For(BuildTarget.Create("debian", "12", "6.1.0-41-amd64", "x86_64", "v1.0.0")));
    }
}
