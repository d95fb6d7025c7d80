using KmodForge.Loader.Detection;
using KmodForge.Targets;
using KmodForge.Tests.Support;

namespace KmodForge.Tests.Loader;

public sealed class NodeDetectorTests
{
    private static NodeInfo DetectFrom(string osRelease, string kernel, string arch = "x86_64")
    {
        using var root = new TempDirectory();
        Directory.CreateDirectory(root.Combine("etc"));
        File.WriteAllText(root.Combine("etc", "os-release"), osRelease);
        return new NodeDetector(root.Path).Detect(kernel, arch);
    }

    [Theory]
    [InlineData(nameof(OsReleaseSamples.Ubuntu2404), "6.14.0-1021-gcp", "ubuntu", "24.04")]
    [InlineData(nameof(OsReleaseSamples.Ubuntu2204), "6.8.0-49-generic", "ubuntu", "22.04")]
    [InlineData(nameof(OsReleaseSamples.AmazonLinux2023), "6.12.58-82.121.amzn2023.x86_64", "amazonlinux", "2023")]
    [InlineData(nameof(OsReleaseSamples.CentOSStream10), "6.12.0-212.el10.x86_64", "centos", "stream10")]
    [InlineData(nameof(OsReleaseSamples.CentOSStream9), "5.14.0-570.el9.x86_64", "centos", "stream9")]
    [InlineData(nameof(OsReleaseSamples.Fedora42), "6.14.0-63.fc42.x86_64", "fedora", "42")]
    public void Maps_a_supported_node_to_its_target(string sample, string kernel, string distribution, string version)
    {
        var osRelease = (string)typeof(OsReleaseSamples).GetField(sample)!.GetValue(null)!;

        var request = NodeDetector.ToRequest(DetectFrom(osRelease, kernel), "v0.5.16");
        var target = TargetValidator.Validate(request).GetTargetOrThrow();

        Assert.Equal(distribution, target.Distribution.Id);
        Assert.Equal(version, target.DistroVersion.Id);
        Assert.Equal(kernel, target.KernelRelease);
    }

    [Fact]
    public void An_unsupported_distribution_gets_a_message_with_what_was_detected()
    {
        var error = Assert.Throws<UnsupportedNodeException>(() => NodeDetector.ToRequest(DetectFrom(OsReleaseSamples.Rocky9, "5.14.0-427.el9.x86_64"), "v1.0.0"));

        Assert.Contains("distribution 'rocky' is not supported", error.Message, StringComparison.Ordinal);
        Assert.Contains("ID='rocky' VERSION_ID='9.4' PRETTY_NAME='Rocky Linux 9.4 (Blue Onyx)'", error.Message, StringComparison.Ordinal);
        Assert.Contains("kernel '5.14.0-427.el9.x86_64'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Hostile_os_release_values_are_echoed_printable_and_capped()
    {
        var hostile = "ID=\"evil\u0000\u001b[31m\"\nVERSION_ID=\"" + new string('9', 1_000_000) + "\"\nPRETTY_NAME=\"\u001b]0;pwned\u0007\"\n";

        var error = Assert.Throws<UnsupportedNodeException>(() => NodeDetector.ToRequest(DetectFrom(hostile, "6.1.0-41-amd64"), "v1.0.0"));

        Assert.DoesNotContain('\u0000', error.Message);
        Assert.DoesNotContain('\u001b', error.Message);
        Assert.DoesNotContain('\u0007', error.Message);
        Assert.Contains("ID='evil\\u0000\\u001b[31m'", error.Message, StringComparison.Ordinal);
        Assert.Contains("... (1000000 characters)", error.Message, StringComparison.Ordinal);
        Assert.True(error.Message.Length < 2_000, $"the message is {error.Message.Length} characters");
    }

    [Fact]
    public void An_unsupported_version_of_a_supported_distribution_names_the_supported_ones()
    {
        var error = Assert.Throws<UnsupportedNodeException>(() => NodeDetector.ToRequest(DetectFrom(OsReleaseSamples.AmazonLinux2, "5.10.226-214.880.amzn2.x86_64"), "v1.0.0"));

        Assert.Contains("Amazon Linux version '2' is not supported (supported: 2023)", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_container_without_the_hosts_etc_mounted_is_told_to_mount_it()
    {
        using var root = new TempDirectory();

        var error = Assert.Throws<UnsupportedNodeException>(() => new NodeDetector(root.Path).Detect("6.1.0-41-amd64", "x86_64"));

        Assert.Contains("mount the host's /etc", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Quoted_values_and_escapes_are_read_as_systemd_defines_them()
    {
        var values = OsRelease.Parse("# comment\nNAME=\"Some \\\"Quoted\\\" OS\"\nID='x'\n\nVERSION_ID=1.0\nBROKEN\n");

        Assert.Equal("Some \"Quoted\" OS", values["NAME"]);
        Assert.Equal("x", values["ID"]);
        Assert.Equal("1.0", values["VERSION_ID"]);
        Assert.False(values.ContainsKey("BROKEN"));
    }

    [Fact]
    public void A_hostile_kernel_release_read_from_the_node_is_refused_by_the_shared_validation()
    {
        var request = NodeDetector.ToRequest(DetectFrom(OsReleaseSamples.Ubuntu2404, "6.8.0-48-generic; reboot"), "v1.0.0");

        var result = TargetValidator.Validate(request);

        Assert.False(result.IsValid);
        Assert.Equal("kernel_version", Assert.Single(result.Errors).Field);
    }
}
