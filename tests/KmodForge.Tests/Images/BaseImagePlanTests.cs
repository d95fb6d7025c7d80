using KmodForge.Containers.Tooling;
using KmodForge.Images;
using KmodForge.Targets;

namespace KmodForge.Tests.Images;

public sealed class BaseImagePlanTests
{
    private static readonly DistroVersion Bookworm = DistroRegistry.Debian.GetVersion("12");

    [Fact]
    public void Build_plan_targets_the_architecture_platform_and_passes_the_version_argument()
    {
        var plan = BaseImageBuildPlan.For(DistroRegistry.Debian, Bookworm, Architecture.Aarch64, "/repo");

        Assert.Equal("kmodforge/base-debian:12-arm64", plan.Tag);
        Assert.Equal("/repo/docker/Dockerfile.base.debian", plan.Dockerfile);
        Assert.Equal("/repo/docker", plan.ContextDirectory);
        Assert.Equal("linux/arm64", plan.Platform);
        Assert.Equal(new Dictionary<string, string> { ["DEBIAN_VERSION"] = "12" }, plan.BuildArgs(null));
        Assert.Equal(
            new Dictionary<string, string> { ["DEBIAN_VERSION"] = "12", ["BASE_IMAGE"] = "kmodforge/rootfs-debian:12-arm64" },
            plan.BuildArgs("kmodforge/rootfs-debian:12-arm64"));
    }

    [Fact]
    public void Debootstrap_plan_for_arm64_uses_minbase_the_arch_the_codename_and_the_mirror()
    {
        var plan = DebootstrapPlan.For(Bookworm, Architecture.Aarch64, new BaseImageSettings { CacheDirectory = "/cache" }, host: Architecture.X86_64);

        Assert.Equal(["--variant=minbase", "--arch=arm64", "bookworm", "/cache/rootfs/.work", "http://deb.debian.org/debian"], plan.DebootstrapArguments("/cache/rootfs/.work"));
        Assert.Equal("/cache/rootfs/debian-12-arm64.tar", plan.TarballPath);
        Assert.Equal("linux/arm64", plan.Platform);
    }

    [Fact]
    public void Mmdebstrap_writes_the_same_minbase_root_filesystem_as_a_tar_from_and_with_the_three_apt_sources()
    {
        var plan = DebootstrapPlan.For(Bookworm, Architecture.Aarch64, new BaseImageSettings { CacheDirectory = "/cache" }, host: Architecture.X86_64);

        Assert.Equal(
            ["--variant=minbase", "--architectures=arm64", "--mode=root", "--format=tar", "--quiet", "--hook-dir=" + DebootstrapPlan.MergedUsrHooks,
             "bookworm", "/cache/rootfs/x.tar.tmp",
             "deb http://deb.debian.org/debian bookworm main", "deb http://deb.debian.org/debian bookworm-updates main",
             "deb http://deb.debian.org/debian-security bookworm-security main"],
            plan.MmdebstrapArguments("/cache/rootfs/x.tar.tmp", DebootstrapPlan.MergedUsrHooks));
        Assert.DoesNotContain(plan.MmdebstrapArguments("/t.tar", hooks: null), a => a.StartsWith("--hook-dir", StringComparison.Ordinal));
    }

    [Fact]
    public void Bootstrapped_apt_sources_include_updates_and_security_from_the_security_archive()
    {
        var plan = DebootstrapPlan.For(Bookworm, Architecture.X86_64, new BaseImageSettings { CacheDirectory = "/cache" }, host: Architecture.X86_64);

        Assert.Equal(
            "deb http://deb.debian.org/debian bookworm main\n" +
            "deb http://deb.debian.org/debian bookworm-updates main\n" +
            "deb http://deb.debian.org/debian-security bookworm-security main\n",
            plan.SourcesList);
    }

    [Fact]
    public void Amd64_and_arm64_root_filesystems_get_their_own_images_and_only_the_host_one_takes_the_official_name()
    {
        var settings = new BaseImageSettings { CacheDirectory = "/cache" };
        var amd64 = DebootstrapPlan.For(Bookworm, Architecture.X86_64, settings, host: Architecture.X86_64);
        var arm64 = DebootstrapPlan.For(Bookworm, Architecture.Aarch64, settings, host: Architecture.X86_64);

        Assert.Equal("kmodforge/rootfs-debian:12-amd64", amd64.RootfsImage);
        Assert.Equal("kmodforge/rootfs-debian:12-arm64", arm64.RootfsImage);
        Assert.Equal("docker.io/library/debian:12", amd64.OfficialAlias);
        Assert.Null(arm64.OfficialAlias);
        Assert.NotEqual(amd64.TarballPath, arm64.TarballPath);
    }

    [Fact]
    public void Trixie_bootstraps_its_own_codename()
    {
        var plan = DebootstrapPlan.For(DistroRegistry.Debian.GetVersion("13"), Architecture.X86_64, new BaseImageSettings { CacheDirectory = "/cache" }, host: Architecture.X86_64);

        Assert.Contains("trixie", plan.DebootstrapArguments("/x"));
        Assert.Contains("deb http://deb.debian.org/debian-security trixie-security main", plan.SourcesList, StringComparison.Ordinal);
        Assert.Equal("docker.io/library/debian:13", plan.OfficialAlias);
    }

    [Theory]
    [InlineData("ftp://deb.debian.org/debian")]
    [InlineData("http://deb.debian.org/debian bookworm main contrib")]
    [InlineData("http://deb.debian.org/$(id)")]
    [InlineData("deb.debian.org/debian")]
    public void Rejects_mirrors_that_are_not_plain_http_urls(string mirror)
    {
        var e = Assert.Throws<ContainerInputException>(() =>
            DebootstrapPlan.For(Bookworm, Architecture.X86_64, new BaseImageSettings { CacheDirectory = "/cache", DebianMirror = mirror }, host: Architecture.X86_64));

        Assert.Equal("debian-mirror", e.Error.Field);
    }

    [Fact]
    public void Tar_packs_the_root_with_numeric_owners_relative_to_the_root()
    {
        Assert.Equal(["--create", "--file", "/c/x.tar", "--numeric-owner", "--directory", "/c/root", "."], DebootstrapPlan.TarArguments("/c/root", "/c/x.tar"));
    }

    [Fact]
    public void The_cache_folder_setting_wins_over_the_default()
    {
        Assert.Equal("/srv/cache", new BaseImageSettings { CacheDirectory = "/srv/cache" }.ResolvedCacheDirectory);
        Assert.EndsWith("kmodforge", new BaseImageSettings().ResolvedCacheDirectory, StringComparison.Ordinal);
    }
}
