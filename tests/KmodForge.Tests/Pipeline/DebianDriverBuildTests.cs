using KmodForge.Modules;
using KmodForge.Pipeline;
using KmodForge.Tests.Support;
using Xunit.Abstractions;

namespace KmodForge.Tests.Pipeline;

/// <summary>
/// The foundation end to end, for real: the sample module built for the newest bookworm kernel in a real container
/// (base image bootstrapped offline when no registry answers), verified, packaged as a .deb, published; then the
/// existence short-circuit and the warm rebuild for a new driver version, which reuses the per-kernel header layer.
/// </summary>
[Collection("Containers")]
public sealed class DebianDriverBuildTests(ITestOutputHelper output) : IDisposable
{
    private readonly DriverBuildHarness harness = new(output);

    [ContainerFact]
    public async Task Builds_verifies_packages_and_publishes_the_sample_for_the_newest_bookworm_kernel()
    {
        var (pipeline, services, settings) = harness.Create(
            "--distribution=debian", "--distro-version=12", "--kernel-release=latest", "--architecture=x86_64", "--driver-version=v0.1.0");
        var temp = harness.Temp;
        var target = await DriverBuildFactory.ResolveTargetAsync(settings.Get<DriverBuildSettings>(), services, CancellationToken.None);
        Assert.Matches(@"^6\.1\.0-\d+-amd64$", target.KernelRelease);

        var build = await pipeline.RunAsync(target, CancellationToken.None);

        Assert.Contains("compiler: gcc-12 (the kernel's own)", harness.LogText.ToString(), StringComparison.Ordinal);
        Assert.Contains("gcc-12 (the kernel's own)", build.Summary().RenderText(), StringComparison.Ordinal);
        var published = Assert.IsType<KmodForge.Publishing.StoredPackage>(build.Published);
        Assert.Equal(Path.Combine(temp.Combine("releases"), "v0.1.0-debian-12-x86_64", build.FileName), published.Location);
        Assert.Equal($"kmodforge-sample-debian-12-{target.KernelRelease}_v0.1.0_amd64.deb", build.FileName);
        Assert.True(File.Exists(published.Location + ".sha256"));

        var fields = ProcessRunner.Run("dpkg-deb", "--field", published.Location, "Package", "Version", "Architecture").EnsureSuccess("dpkg-deb --field").Output;
        Assert.Contains($"Package: kmodforge-sample-{target.KernelRelease}", fields, StringComparison.Ordinal);
        Assert.Contains("Version: 0.1.0-1", fields, StringComparison.Ordinal);
        Assert.Contains("Architecture: amd64", fields, StringComparison.Ordinal);
        var contents = ProcessRunner.Run("dpkg-deb", "--contents", published.Location).EnsureSuccess("dpkg-deb --contents").Output;
        Assert.Contains($"./lib/modules/{target.KernelRelease}/extra/kfsample.ko", contents, StringComparison.Ordinal);

        var (module, _) = harness.ReadPublishedModule(published.Location, target.KernelRelease);
        Assert.StartsWith(target.KernelRelease + " ", module.Vermagic, StringComparison.Ordinal);
        Assert.Equal("0.1.0", module.Version);

        // Installed with dpkg in a real Debian 12 container: the module lands under extra/ and postinst's depmod indexes it.
        var installed = await services.Engine.RunAsync(new KmodForge.Containers.ContainerRunRequest(target.BaseImageTag,
            ["sh", "-c", $"dpkg -i --force-depends /pkg/{build.FileName} && test -f /lib/modules/{target.KernelRelease}/extra/kfsample.ko && grep -q '^extra/kfsample.ko:' /lib/modules/{target.KernelRelease}/modules.dep && dpkg -s kmodforge-sample-{target.KernelRelease} | grep -q 'Status: install ok installed'"])
        {
            Mounts = [new KmodForge.Containers.Mount(Path.GetDirectoryName(published.Location)!, "/pkg", ReadOnly: true)],
            Network = "none",
        }, CancellationToken.None);
        Assert.True(installed.ExitCode == 0, $"dpkg -i in debian:12 failed: {installed.StandardError}");

        // The same target again: already published, nothing built.
        var again = await pipeline.RunAsync(target, CancellationToken.None);
        Assert.True(again.AlreadyPublished);
        Assert.Null(again.HeaderLayer);

        // Warm rebuild: same kernel, new driver version, the header layer is reused (no header download).
        var warm = await pipeline.RunAsync(target.WithDriverVersion("v0.1.1"), CancellationToken.None);
        Assert.True(warm.HeaderLayer!.Cached);
        Assert.Equal("0.1.1", ModuleReader.Read(warm.Modules[0]).Version);
        Assert.False(warm.Signing!.Signed);
        Assert.Contains("unsigned", warm.Summary().RenderText(), StringComparison.Ordinal);

        // With a (throwaway) signing key, each module is signed in the build container by the kernel's sign-file.
        ProcessRunner.Run("openssl", "req", "-new", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=kmodforge-test",
            "-outform", "PEM", "-keyout", temp.Combine("signing.key"), "-out", temp.Combine("signing.crt")).EnsureSuccess("openssl req");
        var options = DriverBuildFactory.CreateOptions(settings, RepoPaths.Root) with
        {
            Signing = new KmodForge.Signing.ModuleSigningSettings { Key = temp.Combine("signing.key"), Certificate = temp.Combine("signing.crt") },
        };
        var signed = await new DriverBuildPipeline(options, services).RunAsync(target.WithDriverVersion("v0.1.2"), CancellationToken.None);
        Assert.True(signed.Signing!.Signed);
        Assert.All(signed.VerifiedModules, m => Assert.True(m.IsSigned));
        Assert.DoesNotContain("PRIVATE KEY", harness.LogText.ToString(), StringComparison.Ordinal);
        output.WriteLine(build.Summary().RenderText());
        output.WriteLine(signed.Summary().RenderText());
    }

    public void Dispose() => harness.Dispose();
}
