using KmodForge.Containers.Emulation;
using KmodForge.Targets;
using Xunit;

namespace KmodForge.Tests.Containers;

public class EmulationCheckTests
{
    private const string Aarch64Magic = "7f454c460201010000000000000000000200b700";
    private const string X86_64Magic = "7f454c4602010100000000000000000002003e00";

    // As Debian 12's qemu-user-static registers it (cat /proc/sys/fs/binfmt_misc/qemu-aarch64).
    private const string DebianQemuAarch64 = """
        enabled
        interpreter /usr/libexec/qemu-binfmt/aarch64-binfmt-P
        flags: PF
        offset 0
        magic 7f454c460201010000000000000000000200b700
        mask ffffffffffffff00fffffffffffffffffeffffff

        """;

    private static BinfmtState State(params BinfmtEntry[] entries) => new(true, true, entries);

    [Fact]
    public void Parses_a_real_qemu_registration()
    {
        var entry = BinfmtEntry.Parse("qemu-aarch64", DebianQemuAarch64);
        Assert.True(entry.Enabled);
        Assert.True(entry.FixBinary);
        Assert.Equal("PF", entry.Flags);
        Assert.Equal("/usr/libexec/qemu-binfmt/aarch64-binfmt-P", entry.Interpreter);
        Assert.Equal(Aarch64Magic, entry.Magic);
    }

    [Theory]
    [InlineData(Architecture.X86_64)]
    [InlineData(Architecture.Aarch64)]
    public void Runs_natively_when_the_host_has_the_target_architecture_without_looking_at_binfmt(Architecture architecture)
    {
        var decision = EmulationCheck.Decide(architecture, architecture, BinfmtState.NotMounted);
        Assert.Equal(EmulationMode.Native, decision.Mode);
        Assert.Null(decision.Entry);
    }

    [Fact]
    public void Emulates_aarch64_on_x86_64_with_an_enabled_fix_binary_registration()
    {
        var decision = EmulationCheck.Decide(Architecture.Aarch64, Architecture.X86_64, State(BinfmtEntry.Parse("qemu-aarch64", DebianQemuAarch64)));
        Assert.Equal(EmulationMode.Emulated, decision.Mode);
        Assert.Equal("qemu-aarch64", decision.Entry?.Name);
        Assert.Contains("aarch64-binfmt-P", decision.Description, StringComparison.Ordinal);
    }

    [Fact]
    public void Finds_a_registration_by_its_elf_magic_whatever_its_name()
    {
        var entry = new BinfmtEntry("aarch64", true, "/usr/bin/qemu-aarch64-static", "OCF", Aarch64Magic);
        var decision = EmulationCheck.Decide(Architecture.Aarch64, Architecture.X86_64, State(entry));
        Assert.Equal(EmulationMode.Emulated, decision.Mode);
        Assert.Same(entry, decision.Entry);
    }

    [Fact]
    public void Emulates_x86_64_on_an_aarch64_host_with_its_own_registration()
    {
        var entry = new BinfmtEntry("qemu-x86_64", true, "/usr/bin/qemu-x86_64-static", "F", X86_64Magic);
        Assert.Equal(EmulationMode.Emulated, EmulationCheck.Decide(Architecture.X86_64, Architecture.Aarch64, State(entry)).Mode);
    }

    [Fact]
    public void Refuses_when_no_registration_handles_the_target_and_says_how_to_enable_it()
    {
        var other = new BinfmtEntry("qemu-riscv64", true, "/usr/bin/qemu-riscv64", "F", "7f454c460201010000000000000000000200f300");
        var e = Assert.Throws<EmulationUnavailableException>(() => EmulationCheck.Decide(Architecture.Aarch64, Architecture.X86_64, State(other)));
        Assert.Contains("qemu-aarch64 is not registered", e.Message, StringComparison.Ordinal);
        Assert.Contains("apt-get install qemu-user-static binfmt-support; update-binfmts --enable qemu-aarch64", e.Message, StringComparison.Ordinal);
        Assert.Contains("tonistiigi/binfmt --install arm64", e.Message, StringComparison.Ordinal);
        Assert.Contains("ubuntu-24.04-arm", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Refuses_a_disabled_registration_naming_it()
    {
        var disabled = BinfmtEntry.Parse("qemu-aarch64", DebianQemuAarch64.Replace("enabled", "disabled", StringComparison.Ordinal));
        var e = Assert.Throws<EmulationUnavailableException>(() => EmulationCheck.Decide(Architecture.Aarch64, Architecture.X86_64, State(disabled)));
        Assert.Contains("update-binfmts --enable qemu-aarch64", e.Message, StringComparison.Ordinal);
        Assert.Contains("is disabled", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Refuses_a_registration_without_the_fix_binary_flag_because_containers_lack_the_interpreter()
    {
        var noF = new BinfmtEntry("qemu-aarch64", true, "/usr/bin/qemu-aarch64-static", "", Aarch64Magic);
        var e = Assert.Throws<EmulationUnavailableException>(() => EmulationCheck.Decide(Architecture.Aarch64, Architecture.X86_64, State(noF)));
        Assert.Contains("lacks the F flag", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Uses_a_fix_binary_registration_when_another_for_the_same_machine_lacks_the_flag()
    {
        var noF = new BinfmtEntry("qemu-aarch64", true, "/usr/bin/qemu-aarch64", "", Aarch64Magic);
        var withF = new BinfmtEntry("aarch64-static", true, "/usr/bin/qemu-aarch64-static", "F", Aarch64Magic);
        Assert.Same(withF, EmulationCheck.Decide(Architecture.Aarch64, Architecture.X86_64, State(noF, withF)).Entry);
    }

    [Fact]
    public void Refuses_when_binfmt_misc_is_not_mounted_or_disabled()
    {
        var entry = BinfmtEntry.Parse("qemu-aarch64", DebianQemuAarch64);
        var unmounted = Assert.Throws<EmulationUnavailableException>(() => EmulationCheck.Decide(Architecture.Aarch64, Architecture.X86_64, BinfmtState.NotMounted));
        Assert.Contains("not mounted", unmounted.Message, StringComparison.Ordinal);
        var off = Assert.Throws<EmulationUnavailableException>(() => EmulationCheck.Decide(Architecture.Aarch64, Architecture.X86_64, new BinfmtState(true, false, [entry])));
        Assert.Contains("binfmt_misc is disabled", off.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Refuses_on_a_host_of_an_architecture_it_does_not_build_for_without_a_registration()
    {
        Assert.Throws<EmulationUnavailableException>(() => EmulationCheck.Decide(Architecture.X86_64, null, State()));
    }

    [Theory]
    [InlineData(Aarch64Magic, 183, true)]
    [InlineData(Aarch64Magic, 62, false)]
    [InlineData(X86_64Magic, 62, true)]
    [InlineData("7f454c460101010000000000000000000200b700", 183, false)] // 32-bit class
    [InlineData("7f454c460202010000000000000000000200b700", 183, false)] // big-endian
    [InlineData("4d5a", 183, false)]
    [InlineData(null, 183, false)]
    public void Matches_elf_magic_by_class_byte_order_and_machine(string? magic, int machine, bool expected) =>
        Assert.Equal(expected, EmulationCheck.MatchesElfMachine(magic, (ushort)machine));

    [Fact]
    public void Probe_reads_a_binfmt_misc_folder()
    {
        using var dir = new Support.TempDirectory();
        File.WriteAllText(Path.Combine(dir.Path, "status"), "enabled\n");
        File.WriteAllText(Path.Combine(dir.Path, "register"), string.Empty);
        File.WriteAllText(Path.Combine(dir.Path, "qemu-aarch64"), DebianQemuAarch64);
        var state = new BinfmtProbe(dir.Path).Read();
        Assert.True(state.Mounted);
        Assert.True(state.Enabled);
        var entry = Assert.Single(state.Entries);
        Assert.Equal("qemu-aarch64", entry.Name);
        Assert.True(entry.FixBinary);
    }

    [Fact]
    public void Probe_reports_not_mounted_for_a_folder_without_status()
    {
        using var dir = new Support.TempDirectory();
        Assert.False(new BinfmtProbe(dir.Path).Read().Mounted);
        Assert.False(new BinfmtProbe(Path.Combine(dir.Path, "missing")).Read().Mounted);
    }
}
