using KmodForge.Targets;

namespace KmodForge.Modules;

/// <summary>
/// Checks that a built module belongs to the target it was built for, before it is packaged: the kernel will refuse a
/// module whose vermagic names another release (or load it wrongly under --force), and the loader would refuse an ELF
/// of another machine. Catching that at build time turns a boot-time failure on a node into a build error.
/// </summary>
public static class ModuleVerifier
{
    /// <summary>Reads <paramref name="koPath"/> and checks vermagic, ELF machine and license against <paramref name="target"/>.</summary>
    public static ModuleInfo Verify(string koPath, BuildTarget target)
    {
        var info = ModuleReader.Read(koPath);
        Check(info, target);
        return info;
    }

    /// <summary>The checks of <see cref="Verify"/> on a module already read.</summary>
    public static void Check(ModuleInfo info, BuildTarget target)
    {
        var file = Path.GetFileName(info.Path);
        var release = target.KernelRelease;
        if (string.IsNullOrEmpty(info.Vermagic))
        {
            throw new ModuleVerificationException(
                $"{file}: has no vermagic in .modinfo; expected one beginning with the target kernel release '{release}' (was it built by kbuild against that kernel's headers?)");
        }

        if (!VermagicMatches(info.Vermagic, release))
        {
            throw new ModuleVerificationException(
                $"{file}: vermagic '{info.Vermagic}' does not begin with the target kernel release '{release}'; build it against the headers of {release} (KDIR=/lib/modules/{release}/build)");
        }

        var expected = target.Architecture.ElfMachine();
        if (info.ElfMachine != expected)
        {
            throw new ModuleVerificationException(
                $"{file}: is an ELF for {MachineName(info.ElfMachine)}, but the target architecture is {target.Architecture.KernelName()} ({MachineName(expected)}); build it with ARCH={target.Architecture.KbuildArch()} in a {target.Architecture.KernelName()} build container");
        }

        if (string.IsNullOrWhiteSpace(info.License))
        {
            throw new ModuleVerificationException(
                $"{file}: has no license in .modinfo; add MODULE_LICENSE(\"GPL\") (or the module's license): without it the kernel taints itself and refuses GPL-only symbols");
        }
    }

    /// <summary>vermagic is the release followed by a space and the build flags, or exactly the release.</summary>
    public static bool VermagicMatches(string vermagic, string kernelRelease) =>
        vermagic == kernelRelease || vermagic.StartsWith(kernelRelease + " ", StringComparison.Ordinal);

    /// <summary>A readable name for an ELF e_machine value.</summary>
    public static string MachineName(ushort machine) => machine switch
    {
        62 => "x86_64 (e_machine 62, EM_X86_64)",
        183 => "aarch64 (e_machine 183, EM_AARCH64)",
        3 => "i386 (e_machine 3, EM_386)",
        40 => "arm (e_machine 40, EM_ARM)",
        243 => "riscv (e_machine 243, EM_RISCV)",
        21 => "ppc64 (e_machine 21, EM_PPC64)",
        22 => "s390 (e_machine 22, EM_S390)",
        _ => $"e_machine {machine}",
    };
}
