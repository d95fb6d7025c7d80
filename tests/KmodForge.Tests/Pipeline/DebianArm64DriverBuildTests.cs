using KmodForge.Containers.Emulation;
using KmodForge.Pipeline;
using KmodForge.Targets;
using KmodForge.Tests.Support;
using Xunit.Abstractions;

namespace KmodForge.Tests.Pipeline;

/// <summary>
/// aarch64 end to end, for real: the sample module built for the newest bookworm arm64 kernel by Debian's own arm64
/// gcc in an arm64 container — under QEMU user emulation on an x86_64 host (CI installs qemu-user-static), natively on
/// an arm64 runner. Reuses the cached arm64 base image and root filesystem tarball when present (~80-100 s warm);
/// bootstraps them offline otherwise (debootstrap --arch=arm64, several minutes). See docs/aarch64.md.
/// </summary>
[Collection("Containers")]
public sealed class DebianArm64DriverBuildTests(ITestOutputHelper output) : IDisposable
{
    private readonly DriverBuildHarness harness = new(output);

    [ContainerFact]
    public async Task Builds_and_packages_the_sample_for_the_newest_bookworm_arm64_kernel()
    {
        var (pipeline, services, settings) = harness.Create(
            "--distribution=debian", "--distro-version=12", "--kernel-release=latest", "--architecture=aarch64", "--driver-version=v0.1.0");
        output.WriteLine($"linux/arm64 containers: {EmulationCheck.Ensure(Architecture.Aarch64).Description}");

        var target = await DriverBuildFactory.ResolveTargetAsync(settings.Get<DriverBuildSettings>(), services, CancellationToken.None);
        Assert.Equal(Architecture.Aarch64, target.Architecture);
        Assert.Matches(@"^6\.1\.0-\d+-arm64$", target.KernelRelease);

        var build = await pipeline.RunAsync(target, CancellationToken.None);

        var published = Assert.IsType<KmodForge.Publishing.StoredPackage>(build.Published);
        Assert.Equal($"kmodforge-sample-debian-12-{target.KernelRelease}_v0.1.0_arm64.deb", build.FileName);
        var fields = ProcessRunner.Run("dpkg-deb", "--field", published.Location, "Architecture", "Depends").EnsureSuccess("dpkg-deb --field").Output;
        Assert.Contains("Architecture: arm64", fields, StringComparison.Ordinal);
        var contents = ProcessRunner.Run("dpkg-deb", "--contents", published.Location).EnsureSuccess("dpkg-deb --contents").Output;
        Assert.Contains($"./lib/modules/{target.KernelRelease}/extra/kfsample.ko", contents, StringComparison.Ordinal);

        var (module, _) = harness.ReadPublishedModule(published.Location, target.KernelRelease);
        var vermagic = Assert.IsType<string>(module.Vermagic);
        Assert.StartsWith(target.KernelRelease + " ", vermagic, StringComparison.Ordinal);
        Assert.EndsWith(" aarch64", vermagic.TrimEnd(), StringComparison.Ordinal);
        Assert.Equal((ushort)183, module.ElfMachine);
        Assert.Equal("0.1.0", module.Version);

        output.WriteLine(build.Summary().RenderText());
    }

    public void Dispose() => harness.Dispose();
}
