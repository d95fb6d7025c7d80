using System.Globalization;
using KmodForge.Targets;

namespace KmodForge.Containers.Emulation;

/// <summary>
/// Decides whether containers of a target architecture can run on this host: natively when the host has that
/// architecture, otherwise only under QEMU user emulation registered in binfmt_misc — an enabled entry for the target's
/// 64-bit little-endian ELF (named <c>qemu-&lt;arch&gt;</c> or matching by magic) with the F flag, so the kernel
/// already holds the interpreter and it serves inside containers that do not contain it. Pure; the host's state comes
/// from an <see cref="IEmulationProbe"/>.
/// </summary>
public static class EmulationCheck
{
    /// <summary>Checks with the real host architecture and binfmt_misc; throws when the target cannot run here.</summary>
    public static EmulationDecision Ensure(Architecture target, IEmulationProbe? probe = null)
    {
        var host = ArchitectureNames.Host();
        if (host == target)
        {
            return Decide(target, host, BinfmtState.NotMounted);
        }

        return Decide(target, host, (probe ?? new BinfmtProbe()).Read());
    }

    /// <summary>The decision for <paramref name="target"/> on a <paramref name="host"/> whose binfmt_misc is <paramref name="state"/>.</summary>
    /// <exception cref="EmulationUnavailableException">The target's containers cannot run here; the message says how to enable it.</exception>
    public static EmulationDecision Decide(Architecture target, Architecture? host, BinfmtState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        if (host == target)
        {
            return new EmulationDecision(EmulationMode.Native, null, $"native {target.KernelName()} host");
        }

        var hostName = host?.KernelName() ?? System.Runtime.InteropServices.RuntimeInformation.OSArchitecture.ToString().ToLowerInvariant();
        var name = "qemu-" + target.KernelName();
        var how = HowToEnable(target);
        var lead = $"Building for {target.KernelName()} on this {hostName} host runs {target.OciPlatform()} containers under QEMU user emulation, but";
        if (!state.Mounted)
        {
            throw new EmulationUnavailableException($"{lead} binfmt_misc is not mounted (no /proc/sys/fs/binfmt_misc/status). Mount it (`mount -t binfmt_misc binfmt_misc /proc/sys/fs/binfmt_misc`), then {how}");
        }

        if (!state.Enabled)
        {
            throw new EmulationUnavailableException($"{lead} binfmt_misc is disabled (/proc/sys/fs/binfmt_misc/status). Enable it (`echo 1 > /proc/sys/fs/binfmt_misc/status`), then {how}");
        }

        var candidates = state.Entries.Where(e => e.Name == name || MatchesElfMachine(e.Magic, target.ElfMachine())).ToList();
        if (candidates.Count == 0)
        {
            throw new EmulationUnavailableException($"{lead} no binfmt_misc entry handles {target.KernelName()} binaries ({name} is not registered). {Capitalized(how)}");
        }

        var enabled = candidates.Where(e => e.Enabled).ToList();
        if (enabled.Count == 0)
        {
            throw new EmulationUnavailableException($"{lead} the binfmt_misc entry {candidates[0].Name} is disabled. Enable it: `update-binfmts --enable {candidates[0].Name}` (or `echo 1 > /proc/sys/fs/binfmt_misc/{candidates[0].Name}`).");
        }

        if (enabled.FirstOrDefault(e => e.FixBinary) is { } usable)
        {
            return new EmulationDecision(EmulationMode.Emulated, usable, $"emulated by {usable.Interpreter ?? usable.Name} (binfmt_misc {usable.Name}, flags {usable.Flags})");
        }

        var entry = enabled[0];
        throw new EmulationUnavailableException(
            $"{lead} the binfmt_misc entry {entry.Name} (interpreter {entry.Interpreter ?? "unknown"}) lacks the F flag, so the interpreter is looked up inside the container, where it does not exist. " +
            $"Re-register it with the F flag: install Debian/Ubuntu's qemu-user-static (it registers with F), or on Docker hosts `docker run --privileged --rm tonistiigi/binfmt --install {target.DebianName()}`.");
    }

    /// <summary>How to register QEMU user emulation for <paramref name="target"/> on Debian/Ubuntu and on Docker hosts.</summary>
    public static string HowToEnable(Architecture target) =>
        $"register QEMU user emulation: `apt-get install qemu-user-static binfmt-support; update-binfmts --enable qemu-{target.KernelName()}` " +
        $"(Debian/Ubuntu), or on Docker hosts `docker run --privileged --rm tonistiigi/binfmt --install {target.DebianName()}`. " +
        $"Or build on a native {target.KernelName()} machine (GitHub's ubuntu-24.04-arm runners for aarch64).";

    /// <summary>Whether a binfmt magic (hex) is a 64-bit little-endian ELF header with e_machine <paramref name="machine"/>.</summary>
    public static bool MatchesElfMachine(string? magic, ushort machine)
    {
        // e_ident: 7f 'E' 'L' 'F', class 2 (64-bit), data 1 (LSB), version 1; e_machine at byte 18, little-endian.
        if (magic is null || magic.Length < 40 || !magic.StartsWith("7f454c46020101", StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        var expected = ((machine & 0xff).ToString("x2", CultureInfo.InvariantCulture)) + ((machine >> 8).ToString("x2", CultureInfo.InvariantCulture));
        return string.Equals(magic.Substring(36, 4), expected, StringComparison.OrdinalIgnoreCase);
    }

    private static string Capitalized(string s) => char.ToUpperInvariant(s[0]) + s[1..];
}
