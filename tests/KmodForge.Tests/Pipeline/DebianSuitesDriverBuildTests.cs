using KmodForge.Containers;
using KmodForge.Loader.Detection;
using KmodForge.Naming;
using KmodForge.Publishing;
using KmodForge.Targets;
using KmodForge.Tests.Support;
using Xunit.Abstractions;

namespace KmodForge.Tests.Pipeline;

/// <summary>
/// Debian beyond bookworm's own kernel, for real: the newest bookworm-backports kernel (headers only in the backports
/// suite, which the apt source enables) and the newest trixie kernel, built in a debian:13 image bootstrapped offline
/// the same way as debian:12 — each module compiled by its own suite's gcc, as the kernel was; a trixie node (the image's
/// real os-release) is mapped by the loader to the very package the build published.
/// </summary>
[Collection("Containers")]
public sealed class DebianSuitesDriverBuildTests(ITestOutputHelper output) : IDisposable
{
    private readonly DriverBuildHarness harness = new(output);

    [ContainerFact]
    public async Task Builds_the_sample_for_the_newest_bookworm_backports_kernel_with_bookworms_gcc()
    {
        var (target, build, services) = await harness.BuildAsync(
            "--distribution=debian", "--distro-version=12", "--kernel-release=latest-backports", "--architecture=x86_64", "--driver-version=v0.1.0");

        Assert.Matches(@"^\d+\.\d+\.\d+\+(deb12|bpo)-amd64$", target.KernelRelease);
        var published = Assert.IsType<StoredPackage>(build.Published);
        Assert.Equal($"kmodforge-sample-debian-12-{target.KernelRelease}_v0.1.0_amd64.deb", build.FileName);
        var (module, path) = harness.ReadPublishedModule(published.Location, target.KernelRelease);
        Assert.StartsWith(target.KernelRelease + " ", module.Vermagic, StringComparison.Ordinal);
        Assert.Contains("GCC: (Debian 12.", DriverBuildHarness.Compiler(path), StringComparison.Ordinal);
        Assert.Matches(@"compiler: (x86_64-linux-gnu-)?gcc-12 \(the kernel's own\)", harness.LogText.ToString());

        // The headers came from the backports suite (its versions carry ~bpo12).
        var layer = await services.Engine.RunAsync(new ContainerRunRequest(build.HeaderLayer!.Image,
            ["dpkg-query", "-W", "-f", "${Version}", "linux-headers-" + target.KernelRelease]) { Network = "none" }, CancellationToken.None);
        Assert.True(layer.ExitCode == 0, layer.StandardError);
        Assert.Contains("~bpo12", layer.StandardOutput, StringComparison.Ordinal);
        output.WriteLine(build.Summary().RenderText());
    }

    [ContainerFact]
    public async Task Builds_the_sample_for_the_newest_trixie_kernel_in_a_debian_13_image_with_trixies_gcc()
    {
        var (target, build, services) = await harness.BuildAsync(
            "--distribution=debian", "--distro-version=13", "--kernel-release=latest", "--architecture=x86_64", "--driver-version=v0.1.0");

        Assert.Matches(@"^\d+\.\d+\.\d+\+deb13(\.\d+)?-amd64$", target.KernelRelease);
        Assert.Equal("kmodforge/base-debian:13-amd64", target.BaseImageTag);
        var published = Assert.IsType<StoredPackage>(build.Published);
        Assert.Equal($"kmodforge-sample-debian-13-{target.KernelRelease}_v0.1.0_amd64.deb", build.FileName);
        var (module, path) = harness.ReadPublishedModule(published.Location, target.KernelRelease);
        Assert.StartsWith(target.KernelRelease + " ", module.Vermagic, StringComparison.Ordinal);
        Assert.Equal("0.1.0", module.Version);
        Assert.Contains("GCC: (Debian 14.", DriverBuildHarness.Compiler(path), StringComparison.Ordinal);
        Assert.Contains("compiler: x86_64-linux-gnu-gcc-14 (the kernel's own)", harness.LogText.ToString(), StringComparison.Ordinal);

        // A trixie node (the real os-release of the debian:13 image) running that kernel asks the loader for this very file.
        var osRelease = await services.Engine.RunAsync(new ContainerRunRequest(target.BaseImageTag, ["cat", "/etc/os-release"]) { Network = "none" }, CancellationToken.None);
        Directory.CreateDirectory(harness.Temp.Combine("node", "etc"));
        File.WriteAllText(harness.Temp.Combine("node", "etc", "os-release"), osRelease.StandardOutput);
        var node = new NodeDetector(harness.Temp.Combine("node")).Detect(target.KernelRelease, "x86_64");
        var nodeTarget = TargetValidator.Validate(NodeDetector.ToRequest(node, "v0.1.0")).GetTargetOrThrow();
        Assert.Equal(("debian", "13"), (nodeTarget.Distribution.Id, nodeTarget.DistroVersion.Id));
        Assert.Equal(build.FileName, PackageNaming.FileName("kmodforge-sample", nodeTarget));
        output.WriteLine(build.Summary().RenderText());
    }

    public void Dispose() => harness.Dispose();
}
