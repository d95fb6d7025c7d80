namespace KmodForge.Targets;

/// <summary>A CPU architecture a driver is built for. Each distro family names it its own way.</summary>
public enum Architecture
{
    X86_64,
    Aarch64,
}

/// <summary>The many names of one architecture (uname -m, Debian, RPM, OCI, kbuild, ELF).</summary>
public static class ArchitectureNames
{
    /// <summary>Names accepted on input, mapped to the architecture. amd64/arm64 are Debian's aliases.</summary>
    public static readonly IReadOnlyDictionary<string, Architecture> Accepted = new Dictionary<string, Architecture>(StringComparer.Ordinal)
    {
        ["x86_64"] = Architecture.X86_64,
        ["amd64"] = Architecture.X86_64,
        ["aarch64"] = Architecture.Aarch64,
        ["arm64"] = Architecture.Aarch64,
    };

    public static bool TryParse(string? value, out Architecture architecture) =>
        Accepted.TryGetValue(value ?? string.Empty, out architecture);

    /// <summary>The kernel's own name (uname -m), also RPM's and Koji's: x86_64, aarch64.</summary>
    public static string KernelName(this Architecture a) => a switch
    {
        Architecture.X86_64 => "x86_64",
        Architecture.Aarch64 => "aarch64",
        _ => throw new ArgumentOutOfRangeException(nameof(a), a, null),
    };

    /// <summary>Debian/Ubuntu's name: amd64, arm64.</summary>
    public static string DebianName(this Architecture a) => a switch
    {
        Architecture.X86_64 => "amd64",
        Architecture.Aarch64 => "arm64",
        _ => throw new ArgumentOutOfRangeException(nameof(a), a, null),
    };

    /// <summary>The RPM header/file-name arch: x86_64, aarch64.</summary>
    public static string RpmName(this Architecture a) => a.KernelName();

    /// <summary>The container platform: linux/amd64, linux/arm64.</summary>
    public static string OciPlatform(this Architecture a) => "linux/" + a.DebianName();

    /// <summary>kbuild's ARCH= value: x86, arm64.</summary>
    public static string KbuildArch(this Architecture a) => a switch
    {
        Architecture.X86_64 => "x86",
        Architecture.Aarch64 => "arm64",
        _ => throw new ArgumentOutOfRangeException(nameof(a), a, null),
    };

    /// <summary>The ELF e_machine value of modules built for it (EM_X86_64 = 62, EM_AARCH64 = 183).</summary>
    public static ushort ElfMachine(this Architecture a) => a switch
    {
        Architecture.X86_64 => 62,
        Architecture.Aarch64 => 183,
        _ => throw new ArgumentOutOfRangeException(nameof(a), a, null),
    };

    /// <summary>The architecture of the machine this process runs on, if it is one we build for.</summary>
    public static Architecture? Host() => System.Runtime.InteropServices.RuntimeInformation.OSArchitecture switch
    {
        System.Runtime.InteropServices.Architecture.X64 => Architecture.X86_64,
        System.Runtime.InteropServices.Architecture.Arm64 => Architecture.Aarch64,
        _ => null,
    };
}
