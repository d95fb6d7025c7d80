using KmodForge.Configuration;
using KmodForge.Containers;
using KmodForge.Diagnostics;
using KmodForge.Errors;
using KmodForge.Pipeline;
using KmodForge.Tests.Support;
using Xunit.Abstractions;

namespace KmodForge.Tests.Pipeline;

/// <summary>
/// Real DKMS drivers from Debian's archive (fetched and cached by <see cref="DebianDkmsPackages"/>), each given as
/// <c>--module-source=&lt;the .deb&gt;</c> (no driver name: dkms.conf's PACKAGE_NAME is the default) and built from its
/// bookworm package for the newest bookworm kernel and from its trixie package for the newest trixie kernel, the way the
/// Driver task builds them: dkms.conf evaluated in the build container, every BUILT_MODULE_NAME built and verified
/// (vermagic), packaged under updates/dkms (dkms's place on Debian), installed with dpkg in a container of the target,
/// and indexed by depmod. A driver whose BUILD_EXCLUSIVE_KERNEL_MIN excludes the kernel is not applicable.
/// </summary>
[Collection("Containers")]
public sealed class DebianDkmsDriverTests(ITestOutputHelper output) : IDisposable
{
    // The records lttng-modules 2.16.0's dkms.conf gives for each kernel (some of the file's records are only for other
    // kernel versions or configs), as its evaluation in the build container counted them and the build produced them.
    private const int LttngModulesBookworm = 44;
    private const int LttngModulesTrixie = 44;

    private readonly TempDirectory temp = new();
    private readonly StringWriter logText = new();

    // lttng-modules: bookworm's 2.13.9 and trixie's 2.13.18 do not compile for the newest bookworm (6.1.0-57, Linux 6.1.17x)
    // and trixie (6.12.118) kernels: those stable kernels gave the hrtimer_start tracepoint a third argument, which lttng
    // handles from 2.16 on (LTTNG_KERNEL_RANGE(6,1,175, …), (6,12,91, …)). Debian's 2.16.0 (sid) is the one that builds.
    [ContainerFact]
    public Task Builds_lttng_modules_for_the_newest_bookworm_kernel() =>
        BuildAndInstallAsync("sid", "12", "lttng-modules-dkms", LttngModulesBookworm, dependent: ("lttng-ring-buffer-client-discard", "lttng-lib-ring-buffer"));

    [ContainerFact]
    public Task Builds_lttng_modules_for_the_newest_trixie_kernel() =>
        BuildAndInstallAsync("sid", "13", "lttng-modules-dkms", LttngModulesTrixie, dependent: ("lttng-ring-buffer-client-discard", "lttng-lib-ring-buffer"));

    [ContainerFact]
    public Task Builds_dahdi_from_bookworm_for_the_newest_bookworm_kernel() =>
        BuildAndInstallAsync("bookworm", "12", "dahdi-dkms", 32, dependent: ("dahdi_dynamic_eth", "dahdi_dynamic"), "--driver-version=v2.11.1");

    [ContainerFact]
    public Task Builds_dahdi_from_trixie_for_the_newest_trixie_kernel() =>
        BuildAndInstallAsync("trixie", "13", "dahdi-dkms", 34, dependent: ("dahdi_dynamic_eth", "dahdi_dynamic"));

    [ContainerFact]
    public Task Builds_acpi_call_from_bookworm_for_the_newest_bookworm_kernel() => BuildAndInstallAsync("bookworm", "12", "acpi-call-dkms", 1, dependent: null);

    [ContainerFact]
    public Task Builds_acpi_call_from_trixie_for_the_newest_trixie_kernel() => BuildAndInstallAsync("trixie", "13", "acpi-call-dkms", 1, dependent: null);

    [ContainerFact]
    public async Task A_driver_whose_BUILD_EXCLUSIVE_KERNEL_MIN_excludes_the_bookworm_kernel_is_not_applicable_and_nothing_compiles()
    {
        // ezurio-qcacld-2.0 needs Linux 6.7 (BUILD_EXCLUSIVE_KERNEL_MIN="6.7"); bookworm runs 6.1.
        var source = await DebianDkmsPackages.DebAsync("trixie", "ezurio-qcacld-2.0-dkms");
        var (pipeline, services, settings) = Create(source, "12", "--driver-name=ezurio-qcacld", "--driver-version=v0.0.1");
        var target = await DriverBuildFactory.ResolveTargetAsync(settings.Get<DriverBuildSettings>(), services, CancellationToken.None, RepoPaths.Root);

        var e = await Assert.ThrowsAsync<NotApplicableException>(() => pipeline.RunAsync(target, CancellationToken.None));

        Assert.Contains($"kernel {target.KernelRelease} is older than BUILD_EXCLUSIVE_KERNEL_MIN '6.7'", e.Reason, StringComparison.Ordinal);
        Assert.Equal(ExitCodes.NotApplicable, e.FailureExitCode);
        Assert.Empty(Directory.EnumerateFiles(temp.Combine("work"), "*.o", SearchOption.AllDirectories));
        Assert.False(Directory.Exists(temp.Combine("releases")) && Directory.EnumerateFiles(temp.Combine("releases"), "*.deb", SearchOption.AllDirectories).Any());
    }

    private async Task BuildAndInstallAsync(string suite, string distroVersion, string package, int modules, (string Module, string DependsOn)? dependent, params string[] extra)
    {
        // The package itself is the module source, as a user gives it: its /usr/src/<name>-<version> is extracted by the
        // project's own reader, and its dkms.conf names the driver and its version.
        var source = await DebianDkmsPackages.DebAsync(suite, package);
        var (pipeline, services, settings) = Create(source, distroVersion, extra);
        var target = await DriverBuildFactory.ResolveTargetAsync(settings.Get<DriverBuildSettings>(), services, CancellationToken.None, RepoPaths.Root);
        var build = await pipeline.RunAsync(target, CancellationToken.None);

        Assert.Equal(modules, build.VerifiedModules.Count);
        Assert.All(build.VerifiedModules, m => Assert.StartsWith(target.KernelRelease + " ", m.Vermagic, StringComparison.Ordinal));
        var deb = Assert.IsType<KmodForge.Publishing.StoredPackage>(build.Published).Location;
        Assert.StartsWith(package[..^"-dkms".Length] + "-debian-" + distroVersion + "-", Path.GetFileName(deb), StringComparison.Ordinal);
        var contents = ProcessRunner.Run("dpkg-deb", "--contents", deb).EnsureSuccess("dpkg-deb --contents").Output;
        Assert.Equal(modules, contents.Split('\n').Count(l => l.Contains($"./lib/modules/{target.KernelRelease}/updates/dkms/", StringComparison.Ordinal) && l.EndsWith(".ko", StringComparison.Ordinal)));

        // dpkg installs it in a container of the target; postinst's depmod indexes every module (and their dependencies).
        var dir = $"/lib/modules/{target.KernelRelease}";
        var installed = await services.Engine.RunAsync(new ContainerRunRequest(target.BaseImageTag,
            ["sh", "-c", $"dpkg -i --force-depends /pkg/{Path.GetFileName(deb)} >&2 && grep '^updates/dkms/' {dir}/modules.dep"])
        {
            Mounts = [new Mount(Path.GetDirectoryName(deb)!, "/pkg", ReadOnly: true)],
            Network = "none",
        }, CancellationToken.None);
        Assert.True(installed.ExitCode == 0, $"dpkg -i in {target.BaseImageTag} failed: {installed.StandardError}");
        var indexed = installed.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(modules, indexed.Length);
        if (dependent is { } d)
        {
            Assert.Contains(indexed, l => l.StartsWith($"updates/dkms/{d.Module}.ko:", StringComparison.Ordinal) && l.Contains($"updates/dkms/{d.DependsOn}.ko", StringComparison.Ordinal));
        }

        output.WriteLine(build.Summary().RenderText());
    }

    private (DriverBuildPipeline Pipeline, DriverBuildServices Services, ISettingsProvider Settings) Create(string source, string distroVersion, params string[] extra)
    {
        var settings = ArgumentSettingsProvider.FromArgs(
        [
            "--distribution=debian", $"--distro-version={distroVersion}", "--kernel-release=latest", "--architecture=x86_64",
            $"--module-source={source}", $"--release-dir={temp.Combine("releases")}", $"--work-dir={temp.Combine("work")}", .. extra,
        ]);
        var log = BuildLogFactory.Create(new BuildLogOptions { Verbosity = LogVerbosity.Normal }, _ => null, logText);
        var services = DriverBuildFactory.CreateServices(settings, log, RepoPaths.Root);
        return (new DriverBuildPipeline(DriverBuildFactory.CreateOptions(settings, RepoPaths.Root), services), services, settings);
    }

    public void Dispose()
    {
        output.WriteLine(logText.ToString());
        temp.Dispose();
    }
}
