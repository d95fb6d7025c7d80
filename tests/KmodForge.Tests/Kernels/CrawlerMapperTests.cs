using KmodForge.Kernels;
using KmodForge.Kernels.Crawler;
using KmodForge.Matrix;
using KmodForge.Targets;

namespace KmodForge.Tests.Kernels;

public sealed class CrawlerMapperTests
{
    private readonly SkipSummary skips = new();

    private const string DebianPool = "http://mirrors.edge.kernel.org/debian/pool/main/l/linux/";
    private const string UbuntuPool = "http://ports.ubuntu.com/ubuntu-ports/pool/main/l/linux/";

    private IReadOnlyList<MatrixKernel> MapAll(string target, string release, string kernelVersion = "1", Architecture arch = Architecture.X86_64, params string[] headers) =>
        new CrawlerMapper(arch, "v1.0.0", skips).Map(new CrawlerEntry("key", kernelVersion, release, target, headers));

    /// <summary>The one kernel an entry gives, or null when it was skipped.</summary>
    private MatrixKernel? Map(string target, string release, string kernelVersion = "1", Architecture arch = Architecture.X86_64, params string[] headers) =>
        MapAll(target, release, kernelVersion, arch, headers) switch
        {
            [] => null,
            [var only] => only,
            var many => throw new Xunit.Sdk.XunitException($"expected one kernel, got {string.Join(", ", many.Select(k => k.Key))}"),
        };

    [Theory]
    [InlineData("ubuntu-generic", "6.8.0-48-generic", "48", "ubuntu", "24.04")]
    [InlineData("ubuntu-aws", "5.15.0-1009-aws", "11", "ubuntu", "22.04")]
    [InlineData("ubuntu-gcp", "6.14.0-1021-gcp", "22~24.04.1", "ubuntu", "24.04")]
    [InlineData("ubuntu-aws-5.15", "5.15.0-1051-aws", "59~22.04.1", "ubuntu", "22.04")]
    [InlineData("amazonlinux2023", "6.1.97-104.177.amzn2023.x86_64", "1", "amazonlinux", "2023")]
    [InlineData("fedora", "6.14.0-63.fc42.x86_64", "1", "fedora", "42")]
    [InlineData("centos", "5.14.0-570.el9.x86_64", "1", "centos", "stream9")]
    [InlineData("centos", "6.12.0-212.el10.x86_64", "1", "centos", "stream10")]
    public void Maps_supported_kernels_to_registry_targets(string target, string release, string kernelVersion, string distribution, string version)
    {
        var kernel = Map(target, release, kernelVersion);

        Assert.NotNull(kernel);
        Assert.Equal(distribution, kernel.Target.Distribution.Id);
        Assert.Equal(version, kernel.Target.DistroVersion.Id);
        Assert.Equal(release, kernel.Target.KernelRelease);
        Assert.Equal(0, skips.Total);
    }

    [Theory]
    [InlineData("ubuntu-generic", "5.15.0-91-generic", "101~20.04.1", "ubuntu 20.04")]
    [InlineData("ubuntu-generic", "4.15.0-193-generic", "204", "ubuntu 18.04")]
    [InlineData("amazonlinux2", "5.10.118-111.515.amzn2.x86_64", "1", "amazonlinux 2")]
    [InlineData("amazonlinux2022", "5.10.96-90.460.amzn2022.x86_64", "1", "amazonlinux 2022")]
    [InlineData("amazonlinux", "4.9.17-8.31.amzn1.x86_64", "1", "amazonlinux 1")]
    [InlineData("centos", "3.10.0-1160.el7.x86_64", "1", "centos stream7")]
    [InlineData("fedora", "5.11.12-300.fc34.x86_64", "1", "fedora 34")]
    public void Unsupported_versions_of_supported_distributions_are_counted_by_version(string target, string release, string kernelVersion, string detail)
    {
        Assert.Null(Map(target, release, kernelVersion));
        Assert.Equal(1, skips.ByDetail[(SkipReason.UnsupportedVersion, detail)]);
    }

    [Theory]
    [InlineData("oracle7", "4.14.35-2047.518.4.el7uek.x86_64")]
    [InlineData("photon", "4.19.225-3.ph3")]
    [InlineData("flatcar", "3227.2.2")]
    [InlineData("ol", "5.4.17-2136.307.3.1.el8uek.x86_64")]
    [InlineData("ubuntuX", "6.8.0-48-generic")]
    public void Unsupported_distributions_are_counted_by_target(string target, string release)
    {
        Assert.Null(Map(target, release));
        Assert.Equal(1, skips.ByDetail[(SkipReason.UnsupportedDistribution, $"'{target}'")]);
    }

    [Theory]
    [InlineData("6.8.0-48-generic;reboot")]
    [InlineData("6.8.0-48-generic$(id)")]
    [InlineData("../../etc/passwd")]
    [InlineData("6.8.0-48-generic\nx")]
    [InlineData("")]
    public void Hostile_releases_are_skipped_before_anything_else(string release)
    {
        Assert.Null(Map("ubuntu-generic", release));
        Assert.Equal(1, skips[SkipReason.HostileRelease]);
    }

    [Fact]
    public void Header_urls_that_are_not_http_are_skipped()
    {
        Assert.Null(Map("fedora", "6.14.0-63.fc42.x86_64", headers: "file:///etc/shadow"));
        Assert.Null(Map("fedora", "6.14.0-63.fc42.x86_64", headers: "https://a/b c.rpm"));
        Assert.Equal(2, skips[SkipReason.InvalidHeaderUrl]);
    }

    [Fact]
    public void A_release_of_the_other_architecture_is_refused_by_the_registry()
    {
        Assert.Null(Map("fedora", "6.14.0-63.fc42.aarch64", arch: Architecture.X86_64));
        Assert.Equal(1, skips[SkipReason.InvalidTarget]);
    }

    [Fact]
    public void Debian_gives_one_kernel_per_flavour_its_headers_list_each_without_the_other_flavours_packages()
    {
        string[] headers =
        [
            DebianPool + "linux-headers-6.1.0-28-common_6.1.119-1_all.deb",
            DebianPool + "linux-headers-6.1.0-28-common-rt_6.1.119-1_all.deb",
            DebianPool + "linux-headers-6.1.0-28-rt-amd64_6.1.119-1_amd64.deb",
            DebianPool + "linux-headers-6.1.0-28-amd64_6.1.119-1_amd64.deb",
            DebianPool + "linux-headers-6.1.0-28-cloud-amd64_6.1.119-1_amd64.deb",
            DebianPool + "linux-kbuild-6.1_6.1.119-1_amd64.deb",
        ];

        var kernels = MapAll("debian", "6.1.119-1-amd64", headers: headers).ToDictionary(k => k.Target.KernelRelease);

        Assert.Equal(["6.1.0-28-amd64", "6.1.0-28-cloud-amd64", "6.1.0-28-rt-amd64"], kernels.Keys.Order(StringComparer.Ordinal));
        Assert.All(kernels.Values, k => Assert.Equal("12", k.Target.DistroVersion.Id));
        var rt = kernels["6.1.0-28-rt-amd64"].Headers;
        Assert.Contains(headers[2], rt);
        Assert.Contains(headers[5], rt);
        Assert.DoesNotContain(headers[3], rt);
        Assert.DoesNotContain(headers[4], rt);
        Assert.Equal(0, skips.Total);
    }

    [Theory]
    [InlineData("linux-headers-6.12.30+bpo-amd64_6.12.30-1~bpo12+1_amd64.deb")]
    [InlineData("linux-headers-6.12.30%2Bbpo-amd64_6.12.30-1%7Ebpo12%2B1_amd64.deb")]
    public void Debian_backports_are_placed_by_their_bpo_marker_not_by_the_kernel_line(string file)
    {
        var kernel = Map("debian", "6.12.30-1~bpo12+1-amd64", headers: DebianPool + file);

        Assert.Equal("6.12.30+bpo-amd64", kernel?.Target.KernelRelease);
        Assert.Equal("12", kernel?.Target.DistroVersion.Id);
    }

    [Fact]
    public void Ubuntu_takes_the_release_from_the_header_package_when_the_crawler_release_is_not_uname()
    {
        var kernel = Map("ubuntu-aws-6.8", "6.8.0-1015-aws-6.8", "16~22.04.1", headers:
        [
            "http://archive.ubuntu.com/ubuntu/pool/main/l/linux-aws-6.8/linux-aws-6.8-headers-6.8.0-1015_6.8.0-1015.16~22.04.1_all.deb",
            "http://archive.ubuntu.com/ubuntu/pool/main/l/linux-aws-6.8/linux-headers-6.8.0-1015-aws_6.8.0-1015.16~22.04.1_amd64.deb",
        ]);

        Assert.Equal("6.8.0-1015-aws", kernel?.Target.KernelRelease);
        Assert.Equal("22.04", kernel?.Target.DistroVersion.Id);
        Assert.Equal(2, kernel?.Headers.Count);
    }

    [Fact]
    public void Ubuntu_release_that_is_not_uname_and_has_no_headers_is_not_derivable()
    {
        Assert.Null(Map("ubuntu-oem-5.17", "5.17.0-1003-oem-5.17"));
        Assert.Equal(1, skips.ByDetail[(SkipReason.NotDerivable, "ubuntu uname release")]);
    }

    [Fact]
    public void Arm64_64k_flavour_listed_only_in_headers_gets_its_own_kernel_and_amd64_packages_are_ignored()
    {
        var kernels = MapAll("ubuntu-generic", "6.8.0-48-generic", "48", Architecture.Aarch64,
            UbuntuPool + "linux-headers-6.8.0-48_6.8.0-48.48_all.deb",
            UbuntuPool + "linux-headers-6.8.0-48-generic_6.8.0-48.48_arm64.deb",
            UbuntuPool + "linux-headers-6.8.0-48-generic-64k_6.8.0-48.48_arm64.deb",
            "http://archive.ubuntu.com/ubuntu/pool/main/l/linux/linux-headers-6.8.0-48-lowlatency_6.8.0-48.48_amd64.deb");

        Assert.Equal(["6.8.0-48-generic", "6.8.0-48-generic-64k"], kernels.Select(k => k.Target.KernelRelease));
        Assert.All(kernels, k => Assert.Equal(("24.04", Architecture.Aarch64), (k.Target.DistroVersion.Id, k.Target.Architecture)));
        Assert.All(kernels, k => Assert.Equal(2, k.Headers.Count));
    }

    [Fact]
    public void Debian_trixie_arm64_16k_flavour_gets_its_own_kernel()
    {
        var kernels = MapAll("debian", "6.12.38-1-arm64", arch: Architecture.Aarch64, headers:
        [
            DebianPool + "linux-headers-6.12.38+deb13-common_6.12.38-1_all.deb",
            DebianPool + "linux-headers-6.12.38+deb13-arm64_6.12.38-1_arm64.deb",
            DebianPool + "linux-headers-6.12.38+deb13-arm64-16k_6.12.38-1_arm64.deb",
        ]);

        Assert.Equal(["6.12.38+deb13-arm64", "6.12.38+deb13-arm64-16k"], kernels.Select(k => k.Target.KernelRelease));
        Assert.All(kernels, k => Assert.Equal("13", k.Target.DistroVersion.Id));
    }

    [Fact]
    public void Debian_new_abi_names_and_backports_are_placed_by_their_marker()
    {
        var trixie = Map("debian", "6.12.38-1-amd64", headers: "http://deb.debian.org/debian/pool/main/l/linux/linux-headers-6.12.38+deb13-amd64_6.12.38-1_amd64.deb");
        Assert.Equal("6.12.38+deb13-amd64", trixie?.Target.KernelRelease);
        Assert.Equal("13", trixie?.Target.DistroVersion.Id);

        Assert.Null(Map("debian", "5.18.16-1~bpo11+1-amd64", headers: "http://m/debian/pool/main/l/linux/linux-headers-5.18.0-0.deb11.4-amd64_5.18.16-1~bpo11+1_amd64.deb"));
        Assert.Equal(1, skips.ByDetail[(SkipReason.UnsupportedVersion, "debian 11")]);
    }

    [Fact]
    public void Debian_crawler_release_without_headers_cannot_be_placed()
    {
        Assert.Null(Map("debian", "6.1.119-1-amd64"));
        Assert.Equal(1, skips[SkipReason.NotDerivable]);
        Assert.Equal("6.1.0-28-amd64", Map("debian", "6.1.0-28-amd64")?.Target.KernelRelease);
    }

    [Fact]
    public void Every_supported_ubuntu_and_debian_version_has_a_kernel_line()
    {
        foreach (var distribution in new[] { DistroRegistry.Ubuntu, DistroRegistry.Debian })
        {
            foreach (var version in distribution.Versions)
            {
                Assert.Contains(KernelSeries.Releases, r => r.Distribution == distribution.Id && r.Version == version.Id);
            }
        }
    }

    [Theory]
    [InlineData("ubuntu-aws", "ubuntu", null)]
    [InlineData("amazonlinux2023", "amazonlinux", "2023")]
    [InlineData("debian", "debian", null)]
    [InlineData("amzn", "amazonlinux", null)]
    [InlineData("rocky", null, null)]
    public void Targets_are_found_by_registry_id_or_os_release_id(string target, string? distribution, string? version)
    {
        var (d, v) = CrawlerMapper.FindDistribution(target);
        Assert.Equal(distribution, d?.Id);
        Assert.Equal(version, v);
    }
}
