using KmodForge.Headers.Rpm;
using KmodForge.Tests.Support;

namespace KmodForge.Tests.Headers.Rpm;

public sealed class RpmFileCheckTests
{
    [Fact]
    public void An_intact_rpm_passes_and_yields_the_same_sigmd5_as_rpm_itself()
    {
        using var temp = new TempDirectory();
        var rpm = RpmBuilder.KernelDevel(temp.Path, "kernel6.12-devel", "6.12.58", "82.121.amzn2023", epoch: 1);

        var md5 = RpmFileCheck.Verify(rpm);

        Assert.Equal(ProcessRunner.Run("rpm", "-qp", "--qf", "%{SIGMD5}", rpm).EnsureSuccess("rpm").Output.Trim(), md5);
    }

    [Fact]
    public void A_flipped_payload_byte_fails_the_packages_own_digest()
    {
        using var temp = new TempDirectory();
        var rpm = RpmBuilder.KernelDevel(temp.Path, "kernel-devel", "6.14.0", "63.fc42");
        var bytes = File.ReadAllBytes(rpm);
        bytes[^10] ^= 0xFF;
        File.WriteAllBytes(rpm, bytes);

        var error = Assert.Throws<HeaderDownloadException>(() => RpmFileCheck.Verify(rpm));

        Assert.Contains("does not match the package's own", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_file_that_is_not_an_rpm_is_refused()
    {
        using var temp = new TempDirectory();
        var path = temp.Combine("kernel-devel.rpm");
        File.WriteAllText(path, "<html>404 Not Found</html> ................................................................................................................");

        var error = Assert.Throws<HeaderDownloadException>(() => RpmFileCheck.Verify(path));

        Assert.Contains("not an RPM package", error.Message, StringComparison.Ordinal);
    }
}
