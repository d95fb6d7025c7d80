using System.Text.RegularExpressions;
using KmodForge.Targets;
using KmodForge.Tests.Support;

namespace KmodForge.Tests.Images;

/// <summary>
/// The base-image Dockerfiles can only be built on runners with registries; here their content is checked against the
/// registry: the version is a build argument, the FROM image is the registry's, the toolchain is there, no latest tags.
/// </summary>
public sealed partial class BaseDockerfilesTests
{
    public static TheoryData<string> Distributions() => [.. DistroRegistry.All.Select(d => d.Id)];

    private static string Read(Distribution distribution) => File.ReadAllText(Path.Combine(RepoPaths.Root, distribution.Dockerfile));

    [Theory]
    [MemberData(nameof(Distributions))]
    public void Each_distribution_has_a_dockerfile_whose_version_is_a_build_argument_used_by_from(string id)
    {
        var distribution = DistroRegistry.Get(id);
        var dockerfile = Read(distribution);
        var arg = $"{id.ToUpperInvariant()}_VERSION";

        Assert.Matches($@"(?m)^ARG {arg}=\S+$", dockerfile);
        var from = FromLine().Match(dockerfile);
        Assert.True(from.Success, "no FROM line");
        Assert.Equal("${BASE_IMAGE}", from.Groups["image"].Value);
        var repository = distribution.Versions[0].FromImage.Split(':')[0];
        Assert.Matches($@"(?m)^ARG BASE_IMAGE={Regex.Escape(repository)}:\${{{arg}}}$", dockerfile);
        Assert.All(distribution.Versions, v => Assert.Equal(repository, v.FromImage.Split(':')[0]));
    }

    [Theory]
    [MemberData(nameof(Distributions))]
    public void Each_dockerfile_installs_the_kbuild_toolchain(string id)
    {
        var dockerfile = Read(DistroRegistry.Get(id));
        var rpm = DistroRegistry.Get(id).Format == PackageFormat.Rpm;

        foreach (var tool in new[] { "gcc", "make", "bc", "bison", "flex", "openssl", "dwarves", "kmod", rpm ? "elfutils-libelf-devel" : "libelf-dev" })
        {
            Assert.Matches($@"\s{Regex.Escape(tool)}\s", dockerfile);
        }

        if (rpm)
        {
            Assert.Contains("dnf-command(download)", dockerfile, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void The_ubuntu_dockerfile_checks_the_release_and_its_pockets_before_installing()
    {
        var dockerfile = Read(DistroRegistry.Ubuntu);

        Assert.Contains("COPY check-apt-sources.sh /usr/local/lib/kmodforge/check-apt-sources.sh", dockerfile, StringComparison.Ordinal);
        var check = dockerfile.IndexOf("sh /usr/local/lib/kmodforge/check-apt-sources.sh ubuntu \"${UBUNTU_VERSION}\"", StringComparison.Ordinal);
        Assert.True(check > 0 && check < dockerfile.IndexOf("apt-get install", StringComparison.Ordinal), "the check must run before the toolchain install");
    }

    [Theory]
    [MemberData(nameof(Distributions))]
    public void No_dockerfile_uses_a_latest_or_untagged_image(string id)
    {
        var dockerfile = Read(DistroRegistry.Get(id));

        Assert.DoesNotMatch(@"(?i):latest\b", dockerfile);
        Assert.All(BaseImageDefault().Matches(dockerfile), m => Assert.Contains(':', m.Groups["image"].Value));
    }

    [GeneratedRegex(@"(?m)^FROM\s+(?<image>\S+)")]
    private static partial Regex FromLine();

    [GeneratedRegex(@"(?m)^ARG BASE_IMAGE=(?<image>\S+)")]
    private static partial Regex BaseImageDefault();
}
