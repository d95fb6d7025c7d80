using System.Text.RegularExpressions;
using KmodForge.Targets;
using Xunit;

namespace KmodForge.Tests.Targets;

/// <summary>
/// The registry's kernel-list rules read file names, markers and RPM releases by hand (the matrix reads one per crawler
/// entry, and a regex <see cref="Match"/> each was most of its allocations); these tests hold them to the patterns they
/// replace, written out here as the oracle.
/// </summary>
public class KernelListReadingTests
{
    private static readonly Regex DebHeadersFile = new(@"^linux-headers-(?<rel>[0-9][^_]*)_(?<pkgver>[^_]+)_(?<arch>amd64|arm64)\.deb$", RegexOptions.CultureInvariant);
    private static readonly Regex UbuntuSeries = new(@"~(?<v>\d{2}\.\d{2})(?:\.\d+)?", RegexOptions.CultureInvariant);

    [Theory]
    [InlineData("linux-headers-6.8.0-48-generic_6.8.0-48.48_amd64.deb")]
    [InlineData("linux-headers-6.8.0-48-generic-64k_6.8.0-48.48~22.04.1_arm64.deb")]
    [InlineData("linux-headers-6.12.30+bpo-amd64_6.12.30-1~bpo12+1_amd64.deb")]
    [InlineData("linux-headers-6.1.0-28-rt-amd64_6.1.119-1_amd64.deb")]
    [InlineData("linux-headers-6.1.0-28-amd64_6.1.119-1_amd64.deb\n")]
    [InlineData("linux-headers-6.1.0-28-amd64_6.1.119-1_i386.deb")]
    [InlineData("linux-headers-6.1.0-28_amd64_6.1.119-1_amd64.deb")]
    [InlineData("linux-headers-generic_6.8.0.48.48_amd64.deb")]
    [InlineData("linux-headers-6.8.0-48__amd64.deb")]
    [InlineData("linux-headers-6.8.0-48-generic_6.8.0-48.48_amd64.deb.sig")]
    [InlineData("linux-hwe-6.8-headers-6.8.0-48_6.8.0-48.48~22.04.1_all.deb")]
    [InlineData("linux-headers-6.1_x_amd64.deb\n\n")]
    [InlineData("linux-headers-6.1_x_amd64.deb\r\n")]
    [InlineData("linux-headers-6.1_x_amd64.deb\nx")]
    [InlineData("linux-headers-6\n_x\n_arm64.deb")]
    [InlineData("linux-headers-_6_amd64.deb")]
    [InlineData("linux-headers-6_x_y_amd64.deb")]
    [InlineData("linux-headers-6_x_AMD64.deb")]
    [InlineData("linux-headers-\u0666_x_amd64.deb")]
    [InlineData("linux-headers-6_x_amd64deb")]
    [InlineData("linux-headers-6_x_")]
    [InlineData("linux-headers-6_amd64.deb")]
    [InlineData("linux-headers-")]
    [InlineData("linux-headers-\n")]
    [InlineData("Linux-headers-6_x_amd64.deb")]
    [InlineData("linux-headers-6_x_amd64.deb_")]
    [InlineData("linux-headers-6_x_xamd64.deb")]
    public void Reads_a_header_package_file_name_as_its_pattern_does(string name)
    {
        var expected = DebHeadersFile.Match(name);

        var read = DistroRegistry.DebHeadersFileParts(name, out var release, out var architecture);

        Assert.Equal(expected.Success, read);
        Assert.Equal(expected.Success ? expected.Groups["rel"].Value : string.Empty, release.ToString());
        Assert.Equal(expected.Success ? expected.Groups["arch"].Value : string.Empty, architecture.ToString());
    }

    [Theory]
    [InlineData("48~22.04.1")]
    [InlineData("1003~24.04")]
    [InlineData("~2.04~22.04")]
    [InlineData("48-Ubuntu~22.4")]
    [InlineData("no marker")]
    [InlineData("5~2")]
    [InlineData("5~22.0")]
    [InlineData("5~22.04")]
    [InlineData("5~~24.04~22.04")]
    [InlineData("5~2x.04~26.04.3")]
    [InlineData("5~٢٢.٠٤")]
    [InlineData("5~22,04~")]
    [InlineData("~")]
    [InlineData("")]
    [InlineData("http://archive.ubuntu.com/ubuntu/pool/main/l/linux-hwe-6.8/linux-hwe-6.8-headers-6.8.0-48_6.8.0-48.48~22.04.1_all.deb")]
    public void Finds_the_ubuntu_series_marker_as_its_pattern_does(string text)
    {
        var expected = UbuntuSeries.Match(text);

        Assert.Equal(expected.Success ? expected.Groups["v"].Value : null, DistroRegistry.UbuntuSeriesIn(text));
    }

    [Fact]
    public void A_supported_ubuntu_series_is_the_version_s_own_string()
    {
        Assert.Same(DistroRegistry.Ubuntu.GetVersion("24.04").Id, DistroRegistry.UbuntuSeriesIn("1003~24.04.1"));
    }

    [Theory]
    [InlineData("fedora", "6.14.0-63.fc42.x86_64", "42")]
    [InlineData("fedora", "6.14.0-63.fc41.aarch64", "41")]
    [InlineData("fedora", "6.14.0-63.fc4x.fc43.x86_64", "43")]
    [InlineData("fedora", "6.14.0-63.fc42.i686", null)]
    [InlineData("centos", "5.14.0-570.el9.x86_64", "stream9")]
    [InlineData("centos", "5.14.0-570.12.1.el9_6.x86_64", "stream9")]
    [InlineData("centos", "6.12.0-55.el10.aarch64+64k", "stream10")]
    [InlineData("centos", "3.10.0-1160.el7.x86_64", "stream7")]
    [InlineData("centos", "5.14.0-570.el9", null)]
    [InlineData("amazonlinux", "6.1.55-75.123.amzn2023.x86_64", "2023")]
    [InlineData("amazonlinux", "6.12.40-63.114.amzn2023.aarch64", "2023")]
    [InlineData("amazonlinux", "5.10.210-201.852.amzn2.x86_64", null)]
    public void Reads_the_version_an_rpm_release_names(string distribution, string release, string? expected)
    {
        var version = DistroRegistry.Get(distribution).VersionFromRelease(release);

        Assert.Equal(expected, version);
        if (DistroRegistry.Get(distribution).FindVersion(expected) is { } supported)
        {
            // A supported version is the registry's own string, not a copy made per kernel.
            Assert.Same(supported.Id, version);
        }
    }
}
