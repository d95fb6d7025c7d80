using KmodForge.Pipeline;
using KmodForge.Targets;

namespace KmodForge.Tests.Pipeline;

/// <summary><c>--kernel-release=latest</c> / <c>latest-backports</c>: refused before any container work where the
/// distribution cannot answer it, and the kernel read from the meta package's dependency.</summary>
public sealed class LatestKernelRequestTests
{
    private static Task<BuildTarget> Resolve(string distribution, string release) =>
        // No services: a refused request must fail before it needs an engine or a base image.
        DriverBuildFactory.ResolveTargetAsync(new DriverBuildSettings
        {
            Distribution = distribution, KernelRelease = release, Architecture = "x86_64", DriverVersion = "v1.0.0",
        }, null!, CancellationToken.None);

    [Fact]
    public async Task Latest_on_a_distribution_without_a_headers_meta_package_names_the_field_and_the_distributions_that_have_one()
    {
        var e = await Assert.ThrowsAsync<TargetValidationException>(() => Resolve("fedora", "latest"));

        var error = Assert.Single(e.Errors);
        Assert.Equal("--kernel-release", error.Field);
        Assert.Contains("ubuntu", error.ToString(), StringComparison.Ordinal);
        Assert.Contains("debian", error.ToString(), StringComparison.Ordinal);
        Assert.Contains("exact Fedora kernel release", error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Latest_backports_is_debians_only()
    {
        var e = await Assert.ThrowsAsync<TargetValidationException>(() => Resolve("ubuntu", "latest-backports"));

        var error = Assert.Single(e.Errors);
        Assert.Equal("--kernel-release", error.Field);
        Assert.Contains("'latest-backports'", error.ToString(), StringComparison.Ordinal);
        Assert.Contains("only supported for debian;", error.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("13", "13")]
    [InlineData("12", "12")]
    [InlineData(null, "12")]
    public void The_stand_in_release_of_a_latest_request_never_overrides_the_distro_version_asked(string? asked, string expected)
    {
        // Debian's example release is a bookworm kernel; `--distro-version=13 --kernel-release=latest` must still probe trixie.
        var probe = TargetValidator.ValidateWithStandInRelease(new BuildRequest("latest", "x86_64", "debian", asked, "v1.0.0"), DistroRegistry.Debian.KernelReleaseExample);

        Assert.Equal(expected, probe.GetTargetOrThrow().DistroVersion.Id);
    }

    [Fact]
    public void A_latest_request_for_an_unsupported_distro_version_names_the_field_and_the_accepted_versions()
    {
        var probe = TargetValidator.ValidateWithStandInRelease(new BuildRequest("latest", "x86_64", "debian", "11", "v1.0.0"), DistroRegistry.Debian.KernelReleaseExample);

        var error = Assert.Single(probe.Errors);
        Assert.Equal("distro_version", error.Field);
        Assert.Contains("accepted: 12, 13", error.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("linux-headers-6.12.95+deb12-amd64 (= 6.12.95-1~bpo12+1)", "6.12.95+deb12-amd64")]
    [InlineData("linux-headers-6.1.0-56-arm64 (= 6.1.192-2)", "6.1.0-56-arm64")]
    [InlineData("linux-headers-6.8.0-88-generic", "6.8.0-88-generic")]
    [InlineData("linux-headers-$(id)", null)]
    [InlineData("gcc-12", null)]
    public void The_kernel_is_read_from_the_meta_packages_dependency(string depends, string? expected) =>
        Assert.Equal(expected, KmodForge.Headers.AptHeaderSource.ParseDepends(depends));
}
