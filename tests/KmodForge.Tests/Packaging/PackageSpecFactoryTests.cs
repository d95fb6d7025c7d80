using KmodForge.Configuration;
using KmodForge.Packaging;
using KmodForge.Targets;

namespace KmodForge.Tests.Packaging;

public sealed class PackageSpecFactoryTests
{
    private static readonly PackageMetadataSettings Defaults = new();

    [Theory]
    [InlineData("debian", "6.1.0-28-amd64", "amd64", "linux-image-6.1.0-28-amd64 | linux-image-6.1.0-28-amd64-unsigned", "kfs-kmod (= 0.5.16-1)")]
    [InlineData("ubuntu", "6.14.0-1021-gcp", "x86_64", "linux-image-6.14.0-1021-gcp | linux-image-unsigned-6.14.0-1021-gcp", "kfs-kmod (= 0.5.16-1)")]
    [InlineData("fedora", "6.14.0-63.fc42.aarch64", "aarch64", "kernel-uname-r = 6.14.0-63.fc42.aarch64", "kfs-kmod = 0.5.16-1")]
    [InlineData("centos", "5.14.0-570.el9.x86_64", "x86_64", "kernel-uname-r = 5.14.0-570.el9.x86_64", "kfs-kmod = 0.5.16-1")]
    [InlineData("amazonlinux", "6.12.58-82.121.amzn2023.x86_64", "x86_64", "kernel-uname-r = 6.12.58-82.121.amzn2023.x86_64", "kfs-kmod = 0.5.16-1")]
    public void Depends_on_the_kernel_in_the_distributions_syntax(string distro, string release, string arch, string depends, string provides)
    {
        var target = BuildTarget.Create(distro, null, release, arch, "v0.5.16");

        var spec = PackageSpecFactory.ForModules("kfs", target, ["/build/kfs.ko"], Defaults, 42);

        Assert.Equal([depends], spec.Depends);
        Assert.Equal([provides], spec.Provides);
        Assert.Equal($"kfs-{release.Replace('_', '-')}", spec.Name);
        Assert.Equal("0.5.16", spec.Version);
        Assert.Equal(release, spec.KernelRelease);
        Assert.Equal(42, spec.SourceDateEpoch);
    }

    [Fact]
    public void Installs_modules_under_extra_of_the_kernel_release_sorted_0644()
    {
        var target = BuildTarget.Create("debian", "12", "6.1.0-28-amd64", "amd64", "v1.0.0-rc.1");

        var spec = PackageSpecFactory.ForModules("kfs", target, ["/b/zeta.ko", "/b/alpha.ko.xz"], Defaults, 0);

        Assert.Equal(["/lib/modules/6.1.0-28-amd64/extra/alpha.ko.xz", "/lib/modules/6.1.0-28-amd64/extra/zeta.ko"], spec.Files.Select(f => f.InstallPath));
        Assert.All(spec.Files, f => Assert.Equal(0b110_100_100, f.Mode));
        Assert.Equal("1.0.0~rc.1", spec.Version);
        Assert.Contains("depmod -a 6.1.0-28-amd64", spec.PostInstall);
        Assert.Equal(spec.PostInstall, spec.PostRemove);
        Assert.Equal("GPL-2.0-only", spec.License);
    }

    [Theory]
    [InlineData("/b/evil;rm.ko")]
    [InlineData("/b/notamodule.txt")]
    [InlineData("/b/x.xz")]
    [InlineData("/b/$(id).ko")]
    [InlineData("/b/.ko")]
    public void Refuses_module_files_that_are_not_named_like_modules(string path)
    {
        var target = BuildTarget.Create("debian", "12", "6.1.0-28-amd64", "amd64", "v1.0.0");

        var e = Assert.Throws<ArgumentException>(() => PackageSpecFactory.ForModules("kfs", target, [path], Defaults, 0));

        Assert.Contains("module file", e.Message);
    }

    [Fact]
    public void Refuses_no_modules_and_two_modules_installing_to_the_same_path()
    {
        var target = BuildTarget.Create("debian", "12", "6.1.0-28-amd64", "amd64", "v1.0.0");

        Assert.Throws<ArgumentException>(() => PackageSpecFactory.ForModules("kfs", target, [], Defaults, 0));
        var e = Assert.Throws<ArgumentException>(() => PackageSpecFactory.ForModules("kfs", target, ["/a/x.ko", "/b/x.ko"], Defaults, 0));
        Assert.Contains("/lib/modules/6.1.0-28-amd64/extra/x.ko", e.Message);
    }

    [Fact]
    public void Refuses_a_hostile_driver_name_naming_the_field()
    {
        var target = BuildTarget.Create("debian", "12", "6.1.0-28-amd64", "amd64", "v1.0.0");

        var e = Assert.Throws<TargetValidationException>(() => PackageSpecFactory.ForModules("x; rm -rf /", target, ["/a/x.ko"], Defaults, 0));

        Assert.Contains("driver_name", e.Message);
    }

    [Fact]
    public void Metadata_settings_bind_from_arguments_and_environment()
    {
        var env = new Dictionary<string, string> { ["KMODFORGE_PACKAGE_MAINTAINER"] = "Ops <ops@example.com>", ["KMODFORGE_PACKAGE_LICENSE"] = "MIT" };
        var args = new Dictionary<string, string> { ["package-license"] = "GPL-2.0-or-later", ["package-homepage"] = "https://example.com" };

        var settings = SettingsBinder.Bind<PackageMetadataSettings>(a => args.GetValueOrDefault(a), e => env.GetValueOrDefault(e));

        Assert.Equal("Ops <ops@example.com>", settings.Maintainer);
        Assert.Equal("GPL-2.0-or-later", settings.License);
        Assert.Equal("https://example.com", settings.Homepage);
        Assert.Equal("KmodForge", settings.Vendor);
        Assert.Null(settings.Description);
    }
}
