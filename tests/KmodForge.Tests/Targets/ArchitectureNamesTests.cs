using KmodForge.Targets;
using Xunit;

namespace KmodForge.Tests.Targets;

public class ArchitectureNamesTests
{
    [Theory]
    [InlineData("x86_64", Architecture.X86_64)]
    [InlineData("amd64", Architecture.X86_64)]
    [InlineData("aarch64", Architecture.Aarch64)]
    [InlineData("arm64", Architecture.Aarch64)]
    public void Accepts_kernel_and_debian_spellings(string input, Architecture expected)
    {
        Assert.True(ArchitectureNames.TryParse(input, out var parsed));
        Assert.Equal(expected, parsed);
    }

    [Theory]
    [InlineData("ARM64")]
    [InlineData("x86-64")]
    [InlineData("armhf")]
    [InlineData("i386")]
    [InlineData("")]
    [InlineData(null)]
    [InlineData("arm64;id")]
    public void Rejects_other_spellings(string? input) =>
        Assert.False(ArchitectureNames.TryParse(input, out _));

    [Theory]
    [InlineData(Architecture.X86_64, "x86_64", "amd64", "x86_64", "linux/amd64", "x86", 62)]
    [InlineData(Architecture.Aarch64, "aarch64", "arm64", "aarch64", "linux/arm64", "arm64", 183)]
    public void Maps_each_architecture_to_every_naming_scheme(
        Architecture architecture, string kernel, string debian, string rpm, string oci, string kbuild, int elfMachine)
    {
        Assert.Equal(kernel, architecture.KernelName());
        Assert.Equal(debian, architecture.DebianName());
        Assert.Equal(rpm, architecture.RpmName());
        Assert.Equal(oci, architecture.OciPlatform());
        Assert.Equal(kbuild, architecture.KbuildArch());
        Assert.Equal(elfMachine, architecture.ElfMachine());
    }

    [Fact]
    public void Every_architecture_round_trips_through_its_kernel_and_debian_names()
    {
        foreach (var architecture in Enum.GetValues<Architecture>())
        {
            Assert.True(ArchitectureNames.TryParse(architecture.KernelName(), out var fromKernel));
            Assert.True(ArchitectureNames.TryParse(architecture.DebianName(), out var fromDebian));
            Assert.Equal(architecture, fromKernel);
            Assert.Equal(architecture, fromDebian);
        }
    }

    [Fact]
    public void Unknown_enum_values_are_refused_not_mapped()
    {
        var bogus = (Architecture)99;
        Assert.Throws<ArgumentOutOfRangeException>(() => bogus.KernelName());
        Assert.Throws<ArgumentOutOfRangeException>(() => bogus.DebianName());
        Assert.Throws<ArgumentOutOfRangeException>(() => bogus.KbuildArch());
        Assert.Throws<ArgumentOutOfRangeException>(() => bogus.ElfMachine());
    }

    [Fact]
    public void Host_is_the_architecture_of_this_process_machine()
    {
        var expected = System.Runtime.InteropServices.RuntimeInformation.OSArchitecture switch
        {
            System.Runtime.InteropServices.Architecture.X64 => Architecture.X86_64,
            System.Runtime.InteropServices.Architecture.Arm64 => Architecture.Aarch64,
            _ => (Architecture?)null,
        };
        Assert.Equal(expected, ArchitectureNames.Host());
    }
}
