using System.Text.RegularExpressions;
using KmodForge.Targets;
using Xunit;

namespace KmodForge.Tests.Targets;

public class KernelReleaseShapeTests
{
    [Fact]
    public void Answers_as_the_pattern_does_whatever_was_asked_before()
    {
        var fedora = DistroRegistry.Fedora.KernelReleasePattern;
        var centos = DistroRegistry.CentOS.KernelReleasePattern;
        const string release = "6.14.0-63.fc42.x86_64";

        Assert.True(KernelReleaseShape.Matches(fedora, release));
        Assert.True(KernelReleaseShape.Matches(fedora, release));
        // The release remembered for one pattern is not taken as matching another.
        Assert.False(KernelReleaseShape.Matches(centos, release));
        Assert.True(KernelReleaseShape.Matches(fedora, release));
        Assert.False(KernelReleaseShape.Matches(fedora, "6.14.0-63.fc42.i686"));
        // Equal text in another string instance is matched by the pattern, not by the memory.
        Assert.True(KernelReleaseShape.Matches(fedora, string.Concat("6.14.0-63", ".fc42.x86_64")));
        Assert.False(KernelReleaseShape.Matches(new Regex("^x$"), release));
    }

    [Theory]
    [InlineData("fedora", "6.14.0-63.fc42.x86_64", "42")]
    [InlineData("centos", "5.14.0-570.el9.x86_64", "stream9")]
    [InlineData("amazonlinux", "6.12.58-82.121.amzn2023.x86_64", "2023")]
    [InlineData("fedora", "6.14.0-63.el9.x86_64", null)]
    public void The_version_read_twice_and_the_validation_agree(string distribution, string release, string? version)
    {
        var d = DistroRegistry.Get(distribution);

        Assert.Equal(version, d.VersionFromRelease(release));
        Assert.Equal(version, d.VersionFromRelease(release));
        Assert.Equal(version is not null, TargetValidator.Validate(new BuildRequest(release, "x86_64", distribution, null, "v1.0.0")).IsValid);
    }
}
