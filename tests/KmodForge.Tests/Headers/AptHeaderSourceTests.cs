using KmodForge.Configuration;
using KmodForge.Headers;
using KmodForge.Targets;

namespace KmodForge.Tests.Headers;

public sealed class AptHeaderSourceTests
{
    [Fact]
    public void Debian_builds_enable_the_suites_backports_kernels_live_in()
    {
        var source = new AptHeaderSource(null!, new AptSettings());
        var target = BuildTarget.Create("debian", null, "6.12.43+deb12-amd64", "x86_64", "v0.1.0");

        var setup = source.SourcesSetup(target);

        Assert.Contains("deb http://deb.debian.org/debian bookworm-backports main", setup, StringComparison.Ordinal);
        Assert.Equal("linux-headers-6.12.43+deb12-amd64", AptHeaderSource.HeadersPackage(target));
    }

    [Fact]
    public void Ubuntu_builds_need_no_extra_suites()
    {
        var source = new AptHeaderSource(null!, new AptSettings());

        Assert.Equal(string.Empty, source.SourcesSetup(BuildTarget.Create("ubuntu", "24.04", "6.14.0-1021-gcp", "amd64", "v0.1.2")));
    }

    [Theory]
    [InlineData("http://deb.debian.org/debian; rm -rf /")]
    [InlineData("http://mirror/$(id)")]
    [InlineData("ftp://deb.debian.org/debian")]
    [InlineData("http://deb.debian.org/debian 'x'")]
    public void A_mirror_that_would_reach_a_shell_unsafely_is_refused_with_the_setting_named(string mirror)
    {
        var source = new AptHeaderSource(null!, new AptSettings { DebianMirror = mirror });
        var target = BuildTarget.Create("debian", "12", "6.1.0-41-amd64", "x86_64", "v0.1.0");

        var error = Assert.Throws<SettingsException>(() => source.SourcesSetup(target));

        Assert.Contains("--debian-mirror", error.Message, StringComparison.Ordinal);
    }
}
