using KmodForge.Packaging;
using KmodForge.Targets;

namespace KmodForge.Tests.Packaging;

/// <summary>Package specs for the sample module, as the pipeline makes them for an RPM distribution.</summary>
internal static class TestPackages
{
    public const long Epoch = 1_700_000_000;

    public static PackageSpec RpmSpec(string koPath, string kernelRelease, long epoch = Epoch) => new()
    {
        Name = "kfsample-" + kernelRelease.ToLowerInvariant(),
        Version = "1.2.3",
        Release = "1",
        Architecture = Architecture.X86_64,
        KernelRelease = kernelRelease,
        Summary = "KmodForge sample kernel module for Linux " + kernelRelease,
        Description = "The kfsample out-of-tree kernel module, built by KmodForge for kernel " + kernelRelease + ".\nIt only logs a line when loaded.",
        Maintainer = "KmodForge Maintainers <maintainers@kmodforge.example>",
        Vendor = "KmodForge",
        License = "GPL-2.0-only",
        Homepage = "https://kmodforge.example/kfsample",
        Depends = ["kernel-uname-r = " + kernelRelease],
        Files = [new PackageFile(koPath, $"/lib/modules/{kernelRelease}/extra/kfsample.ko")],
        PostInstall = $"depmod -a {kernelRelease} || :\n",
        PostRemove = $"depmod -a {kernelRelease} || :\n",
        SourceDateEpoch = epoch,
    };
}
