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

    [Theory]
    [InlineData("5.14.0-570.el9.aarch64+64k", "kernel-64k-devel-5.14.0-570.el9.aarch64")]
    [InlineData("6.12.0-124.el10.aarch64+64k", "kernel-64k-devel-6.12.0-124.el10.aarch64")]
    public void A_64k_page_kernel_is_the_kernel_64k_devel_subpackage_of_the_kernel_build(string release, string nvra)
    {
        var target = BuildTarget.Create("centos", null, release, "aarch64", "v1.0.0");
        var package = KernelDevelPackage.For(target);

        Assert.Equal("kernel-64k-devel", package.Name);
        Assert.Equal(nvra, package.Nvra);
        Assert.Equal(nvra, package.DnfSpec);
        Assert.Equal(nvra + ".rpm", package.FileName);
        Assert.Equal("kernel", package.SourceName);
        Assert.Equal("aarch64", package.Arch);
        Assert.Equal("/usr/src/kernels/" + release, target.Distribution.KernelBuildDirectory(release));
    }

    [Theory]
    [InlineData("centos", "5.14.0-570.el9.x86_64+64k", "x86_64")]
    [InlineData("centos", "5.14.0-570.el9.aarch64+16k", "aarch64")]
    [InlineData("centos", "5.14.0-570.el9.aarch64+64k", "x86_64")]
    [InlineData("fedora", "6.14.0-63.fc42.aarch64+64k", "aarch64")]
    public void Only_an_aarch64_CentOS_release_may_carry_64k(string distro, string release, string arch)
    {
        var result = TargetValidator.Validate(new BuildRequest(release, arch, distro, null, "v1.0.0"));

        Assert.Null(result.Target);
        Assert.Contains(result.Errors, e => e.Field is "kernel_version" or "architecture");
    }

    [Fact]
    public void Deb_distributions_have_no_kernel_devel_package()
    {
        Assert.Throws<ArgumentException>(() => KernelDevelPackage.For(BuildTarget.Create("debian", "12", "6.1.0-41-amd64", "x86_64", "v1.0.0")));
    }
}
