using KmodForge.Pipeline;
using KmodForge.Sources;
using KmodForge.Tests.Pipeline;
using KmodForge.Tests.Support;
using Xunit.Abstractions;

namespace KmodForge.Tests.Sources;

/// <summary>
/// A real DKMS source package from Debian's archive (acpi-call-dkms, bookworm) given as --module-source, built for the
/// newest bookworm kernel in a real container: its /usr/src/acpi-call-1.2.2 extracted by the project's own reader
/// (no dpkg), compiled, verified, packaged, and installed with dpkg.
/// </summary>
[Collection("Containers")]
public sealed class DkmsPackageDriverBuildTests(ITestOutputHelper output) : IDisposable
{
    private readonly DriverBuildHarness harness = new(output);

    [DebianDkmsFact(DebianDkmsPackages.AcpiCallBookworm)]
    public async Task The_acpi_call_dkms_deb_builds_for_the_newest_bookworm_kernel()
    {
        var deb = await DebianDkmsPackages.GetAsync(DebianDkmsPackages.AcpiCallBookworm);
        var (_, services, settings) = harness.Create(
            "--distribution=debian", "--distro-version=12", "--kernel-release=latest", "--architecture=x86_64", "--driver-version=v1.2.2");
        var options = DriverBuildFactory.CreateOptions(settings, RepoPaths.Root) with
        {
            DriverName = "acpi-call",
            ModuleSource = ModuleSourceParser.Parse(deb, null, RepoPaths.Root),
        };
        var target = await DriverBuildFactory.ResolveTargetAsync(settings.Get<DriverBuildSettings>(), services, CancellationToken.None);

        var build = await new DriverBuildPipeline(options, services).RunAsync(target, CancellationToken.None);

        Assert.Equal(harness.Temp.Combine("work", "sources", "package-" + KmodForge.IO.FileHashing.Sha256Hex(deb)[..32]), build.SourceDirectory);
        Assert.True(File.Exists(Path.Combine(build.SourceDirectory!, "dkms.conf")));
        var published = Assert.IsType<KmodForge.Publishing.StoredPackage>(build.Published);
        var module = Assert.Single(build.VerifiedModules);
        Assert.Equal("acpi_call.ko", Path.GetFileName(module.Path));
        Assert.StartsWith(target.KernelRelease + " ", module.Vermagic, StringComparison.Ordinal);
        var installed = await services.Engine.RunAsync(new KmodForge.Containers.ContainerRunRequest(target.BaseImageTag,
            ["sh", "-c", $"dpkg -i --force-depends /pkg/{build.FileName} && grep -q 'acpi_call.ko:' /lib/modules/{target.KernelRelease}/modules.dep"])
        {
            Mounts = [new KmodForge.Containers.Mount(Path.GetDirectoryName(published.Location)!, "/pkg", ReadOnly: true)],
            Network = "none",
        }, CancellationToken.None);
        Assert.True(installed.ExitCode == 0, $"dpkg -i in debian:12 failed: {installed.StandardError}");
        output.WriteLine(build.Summary().RenderText());
    }

    public void Dispose() => harness.Dispose();
}
