using KmodForge.Headers;
using KmodForge.Targets;

namespace KmodForge.Tests.Headers;

public sealed class HeaderLayerTests
{
    private static BuildTarget Debian(string release, string version = "12", string arch = "x86_64") =>
        BuildTarget.Create("debian", version, release, arch, "v0.1.0");

    [Fact]
    public void Image_tag_is_per_kernel_and_independent_of_the_driver_version()
    {
        var a = HeaderLayer.ImageTag(Debian("6.1.0-41-amd64"));
        var b = HeaderLayer.ImageTag(Debian("6.1.0-41-amd64").WithDriverVersion("v9.9.9"));
        var other = HeaderLayer.ImageTag(Debian("6.1.0-40-amd64"));

        Assert.Equal(a, b);
        Assert.NotEqual(a, other);
        Assert.StartsWith("kmodforge/headers-debian:12-amd64-6.1.0-41-amd64-", a, StringComparison.Ordinal);
    }

    [Fact]
    public void A_rebuilt_base_image_gets_its_own_layer_and_the_same_base_image_reuses_it()
    {
        var target = Debian("6.1.0-41-amd64");

        var old = HeaderLayer.ImageTag(target, "sha256:1111");
        var rebuilt = HeaderLayer.ImageTag(target, "sha256:2222");

        Assert.NotEqual(old, rebuilt);
        Assert.Equal(old, HeaderLayer.ImageTag(target.WithDriverVersion("v2.0.0"), "sha256:1111"));
        Assert.StartsWith("kmodforge/headers-debian:12-amd64-6.1.0-41-amd64-", rebuilt, StringComparison.Ordinal);
    }

    [Fact]
    public void Image_tag_replaces_characters_tags_cannot_hold_and_keeps_releases_apart()
    {
        var plus = HeaderLayer.ImageTag(Debian("6.12.38+deb13-amd64", "13"));
        var underscore = HeaderLayer.ImageTag(Debian("6.12.38+deb13-amd64", "13")).Replace("+", "_", StringComparison.Ordinal);
        var tag = plus[(plus.IndexOf(':') + 1)..];

        Assert.Matches("^[A-Za-z0-9_.-]{1,128}$", tag);
        Assert.Contains("6.12.38_deb13-amd64", tag, StringComparison.Ordinal);
        Assert.Equal(plus, underscore);
        Assert.NotEqual(HeaderLayer.ImageTag(Debian("6.12.38+deb13+1-amd64", "13")), plus);
    }

    [Fact]
    public void Dockerfile_builds_from_the_base_image_and_runs_the_plan()
    {
        var target = Debian("6.1.0-41-amd64");
        var plan = new HeaderPlan(HeaderSourceKind.Apt, ["linux-headers-6.1.0-41-amd64"], "apt-get install -y linux-headers-6.1.0-41-amd64", "apt: linux-headers-6.1.0-41-amd64 6.1.158-1");

        var dockerfile = HeaderLayer.RenderDockerfile(target, "kmodforge/base-debian:12-amd64", plan);

        Assert.Contains("FROM kmodforge/base-debian:12-amd64\n# no downloaded packages\n", dockerfile, StringComparison.Ordinal);
        Assert.Contains("RUN set -eu; apt-get install -y linux-headers-6.1.0-41-amd64\n", dockerfile, StringComparison.Ordinal);
        Assert.Contains("io.kmodforge.kernel-release=\"6.1.0-41-amd64\"", dockerfile, StringComparison.Ordinal);
    }
}
