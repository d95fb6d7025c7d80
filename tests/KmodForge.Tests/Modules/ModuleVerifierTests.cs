using KmodForge.Modules;
using KmodForge.Targets;

namespace KmodForge.Tests.Modules;

[Collection(SampleModuleCollection.Name)]
public sealed class ModuleVerifierTests(SampleModuleFixture sample)
{
    private BuildTarget HostTarget(string arch = "x86_64") => BuildTarget.Create("debian", null, sample.KernelRelease, arch, "v" + SampleModuleFixture.ModuleVersion);

    [Fact]
    public void Sample_module_compiles_without_warnings()
    {
        Assert.DoesNotContain("warning:", sample.BuildOutput.Stdout + sample.BuildOutput.Stderr, StringComparison.OrdinalIgnoreCase);
        Assert.True(File.Exists(sample.KoPath));
    }

    [Fact]
    public void Reads_modinfo_of_the_real_module_as_modinfo_does()
    {
        var info = ModuleReader.Read(sample.KoPath);

        Assert.Equal("kfsample", info.Name);
        Assert.Equal(SampleModuleFixture.ModuleVersion, info.Version);
        Assert.Equal("GPL", info.License);
        Assert.StartsWith(sample.KernelRelease + " ", info.Vermagic);
        Assert.Equal(62, info.ElfMachine);
        Assert.True(info.Is64Bit);
        Assert.False(info.IsBigEndian);
        Assert.False(info.IsSigned);
        foreach (var field in new[] { "vermagic", "version", "license", "description", "author", "srcversion" })
        {
            var expected = HostProcess.Run("modinfo", "-F", field, sample.KoPath).EnsureSuccess("modinfo").Stdout.TrimEnd('\n');
            Assert.Equal(expected, string.Join('\n', info.Fields[field]));
        }

        Assert.Contains(info.Fields["parm"], p => p.StartsWith("greeting:", StringComparison.Ordinal));
        Assert.Contains(info.Fields["parmtype"], p => p == "greeting:charp");
        Assert.Empty(info.Depends);
    }

    [Fact]
    public void Verifies_the_real_module_against_its_own_target()
    {
        var info = ModuleVerifier.Verify(sample.KoPath, HostTarget());

        Assert.Equal("kfsample", info.Name);
    }

    [Fact]
    public void Refuses_a_module_built_for_another_kernel_release_naming_both()
    {
        var other = BuildTarget.Create("debian", "12", "6.1.0-9999-amd64", "x86_64", "v0.1.2");

        var e = Assert.Throws<ModuleVerificationException>(() => ModuleVerifier.Verify(sample.KoPath, other));

        Assert.Contains("kfsample.ko", e.Message);
        Assert.Contains($"vermagic '{sample.KernelRelease} SMP", e.Message);
        Assert.Contains("'6.1.0-9999-amd64'", e.Message);
    }

    [Fact]
    public void Refuses_a_release_that_is_only_a_prefix_of_the_vermagic_release()
    {
        // 6.1.0-5 is a prefix of 6.1.0-56-amd64 but not the same release.
        Assert.False(ModuleVerifier.VermagicMatches("6.1.0-56-amd64 SMP preempt", "6.1.0-5"));
        Assert.True(ModuleVerifier.VermagicMatches("6.1.0-56-amd64 SMP preempt", "6.1.0-56-amd64"));
        Assert.True(ModuleVerifier.VermagicMatches("6.1.0-56-amd64", "6.1.0-56-amd64"));
    }

    [Fact]
    public void Refuses_an_aarch64_module_labelled_x86_64_naming_both_machines()
    {
        var info = ModuleReader.Read(sample.Aarch64ObjectPath);
        Assert.Equal(183, info.ElfMachine);

        var e = Assert.Throws<ModuleVerificationException>(() => ModuleVerifier.Verify(sample.Aarch64ObjectPath, HostTarget()));

        Assert.Contains("aarch64 (e_machine 183", e.Message);
        Assert.Contains("x86_64 (e_machine 62", e.Message);
    }

    [Fact]
    public void Refuses_the_x86_64_module_for_an_aarch64_target()
    {
        var arm = BuildTarget.Create("debian", "12", sample.KernelRelease.Replace("amd64", "arm64", StringComparison.Ordinal), "aarch64", "v0.1.2");
        var info = ModuleReader.Read(sample.KoPath) with { Vermagic = arm.KernelRelease + " SMP" };

        var e = Assert.Throws<ModuleVerificationException>(() => ModuleVerifier.Check(info, arm));

        Assert.Contains("target architecture is aarch64", e.Message);
    }

    [Fact]
    public void Refuses_a_module_without_a_license()
    {
        var info = ModuleReader.Read(sample.KoPath) with { License = null };

        var e = Assert.Throws<ModuleVerificationException>(() => ModuleVerifier.Check(info, HostTarget()));

        Assert.Contains("MODULE_LICENSE", e.Message);
    }

    [Fact]
    public void Refuses_a_module_without_vermagic()
    {
        var info = ModuleReader.Read(sample.KoPath) with { Vermagic = null };

        var e = Assert.Throws<ModuleVerificationException>(() => ModuleVerifier.Check(info, HostTarget()));

        Assert.Contains("no vermagic", e.Message);
        Assert.Contains(sample.KernelRelease, e.Message);
    }

    [Theory]
    [InlineData("xz", ".ko.xz", ModuleCompression.Xz)]
    [InlineData("zstd", ".ko.zst", ModuleCompression.Zstd)]
    [InlineData("gzip", ".ko.gz", ModuleCompression.Gzip)]
    public void Reads_compressed_modules_made_by_the_real_tools(string tool, string suffix, string compression)
    {
        var dir = sample.NewDirectory();
        var compressed = Path.Combine(dir, "kfsample" + suffix);
        var args = tool == "zstd" ? new[] { "-q", "-c", sample.KoPath } : ["-c", sample.KoPath];
        var result = HostProcess.Run("sh", "-c", $"{tool} {string.Join(' ', args)} > '{compressed}'").EnsureSuccess(tool);
        Assert.Equal(0, result.ExitCode);

        var info = ModuleVerifier.Verify(compressed, HostTarget());

        Assert.Equal(compression, info.Compression);
        Assert.Equal("kfsample", info.Name);
        Assert.Equal(ModuleReader.Read(sample.KoPath).Vermagic, info.Vermagic);
    }

    [Fact]
    public void Detects_an_appended_signature_and_still_reads_modinfo()
    {
        var signed = Path.Combine(sample.NewDirectory(), "kfsample.ko");
        File.WriteAllBytes(signed, SyntheticSignature.Append(File.ReadAllBytes(sample.KoPath), signatureLength: 517));

        var info = ModuleVerifier.Verify(signed, HostTarget());

        Assert.True(info.IsSigned);
        Assert.Equal(2, info.Signature!.IdType);
        Assert.Equal("PKCS#7", info.Signature.IdTypeName);
        Assert.Equal(517u, info.Signature.SignatureLength);
        Assert.Equal("kfsample", info.Name);
    }

    [Fact]
    public void Reports_a_signature_longer_than_the_file()
    {
        var bytes = SyntheticSignature.Append([], signatureLength: 0);
        bytes[^(ModuleSignature.Magic.Length + 1)] = 0xFF; // sig_len's low byte: 255 bytes that are not there

        var e = Assert.Throws<ModuleVerificationException>(() => ModuleReader.Read(bytes, "broken.ko"));

        Assert.Contains("signature data", e.Message);
    }
}
