using System.Text.Json;
using KmodForge.Targets;
using Xunit.Abstractions;
using KmodForge.Tests.Support;

namespace KmodForge.Tests.Targets;

/// <summary>
/// Validates every release of real kernel-crawler output (../shared/data/kernel-crawler-2022-x86_64.json, old schema)
/// for the distributions KmodForge supports. The 2022 crawl predates most supported versions, so most entries must be
/// refused, each for the right reason; the ones that are supported today (CentOS Stream 9, Ubuntu) must validate.
/// </summary>
public sealed class KernelCrawlerDataTests(ITestOutputHelper output)
{
    private static IReadOnlyList<string> Releases(string key)
    {
        var path = RepoPaths.KernelCrawler2022;
        using var doc = JsonDocument.Parse(File.ReadAllBytes(path));
        return doc.RootElement.GetProperty(key).EnumerateArray().Select(e => e.GetProperty("kernelrelease").GetString()!).ToList();
    }

    [KernelCrawlerFact]
    public void Ubuntu_releases_all_validate_with_the_default_version()
    {
        var releases = Releases("Ubuntu");

        foreach (var release in releases)
        {
            var result = TargetValidator.Validate(new BuildRequest(release, "x86_64", "ubuntu", null, "v1.0.0"));
            Assert.True(result.IsValid, $"{release}: {string.Join("; ", result.Errors)}");
            Assert.Equal("24.04", result.Target!.DistroVersion.Id);
        }

        output.WriteLine($"Ubuntu: {releases.Count} releases validated");
    }

    [KernelCrawlerFact]
    public void CentOS_el9_releases_validate_as_stream9_and_older_ones_are_refused_as_unsupported_versions()
    {
        var releases = Releases("CentOS");
        var valid = 0;

        foreach (var release in releases)
        {
            var result = TargetValidator.Validate(new BuildRequest(release, "x86_64", "centos", null, "v1.0.0"));
            if (release.Contains(".el9", StringComparison.Ordinal))
            {
                Assert.True(result.IsValid, $"{release}: {string.Join("; ", result.Errors)}");
                Assert.Equal("stream9", result.Target!.DistroVersion.Id);
                valid++;
            }
            else
            {
                var error = Assert.Single(result.Errors);
                Assert.Equal("distro_version", error.Field);
                Assert.Matches("^stream[678]$", error.Value);
            }
        }

        Assert.True(valid > 0, "the 2022 crawl has el9 kernels");
        output.WriteLine($"CentOS: {valid} of {releases.Count} validated as stream9, the rest refused as stream6/7/8");
    }

    [KernelCrawlerTheory]
    [InlineData("Fedora", "fedora", "^3[4-6]$")]
    [InlineData("AmazonLinux2022", "amazonlinux", "^2022$")]
    public void Releases_of_unsupported_versions_are_refused_naming_the_derived_version(string key, string distro, string derivedPattern)
    {
        var releases = Releases(key);

        foreach (var release in releases)
        {
            var error = Assert.Single(TargetValidator.Validate(new BuildRequest(release, "x86_64", distro, null, "v1.0.0")).Errors);
            Assert.Equal("distro_version", error.Field);
            Assert.Matches(derivedPattern, error.Value);
            Assert.Contains($"derived from kernel_version '{release}'", error.Problem);
        }

        output.WriteLine($"{key}: {releases.Count} releases refused as unsupported versions");
    }

    [KernelCrawlerFact]
    public void Debian_entries_are_refused_they_are_package_versions_of_old_suites_not_supported_releases()
    {
        var releases = Releases("Debian");

        foreach (var release in releases)
        {
            var result = TargetValidator.Validate(new BuildRequest(release, "x86_64", "debian", null, "v1.0.0"));
            var error = Assert.Single(result.Errors);
            Assert.True(
                error is { Field: "kernel_version" } && error.Problem.Contains("not a Debian kernel release", StringComparison.Ordinal)
                || error is { Field: "distro_version", Value: "8" or "9" or "10" or "11" },
                $"{release}: {error}");
        }

        output.WriteLine($"Debian: {releases.Count} entries refused");
    }

    [KernelCrawlerFact]
    public void Supported_distributions_given_an_explicit_version_refuse_a_kernel_of_another_version()
    {
        foreach (var release in Releases("Fedora"))
        {
            var error = Assert.Single(TargetValidator.Validate(new BuildRequest(release, "x86_64", "fedora", "42", "v1.0.0")).Errors);
            Assert.Equal("distro_version", error.Field);
            Assert.Contains($"does not match kernel_version '{release}'", error.Problem);
        }
    }
}
