using System.Runtime.Versioning;
using KmodForge.Configuration;
using KmodForge.Containers;
using KmodForge.Diagnostics;
using KmodForge.Signing;
using KmodForge.Targets;
using KmodForge.Tests.Packaging;

namespace KmodForge.Tests.Signing;

/// <summary>Signing a real module with the kernel's sign-file through the plan's own command, and reading the trailer back.</summary>
[SupportedOSPlatform("linux")]
public sealed class ModuleSigningTests : IDisposable
{
    private readonly string dir = Directory.CreateTempSubdirectory("kmodforge-sign-").FullName;

    public void Dispose() => Directory.Delete(dir, recursive: true);

    private ModuleSigningSettings ThrowawayKey(string cn = "KmodForge test signing key")
    {
        var key = Path.Combine(dir, $"{Guid.NewGuid():N}.key");
        var cert = Path.Combine(dir, $"{Guid.NewGuid():N}.crt");
        ExternalTool.Ok("openssl", "req", "-new", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=" + cn, "-outform", "PEM", "-keyout", key, "-out", cert);
        return new ModuleSigningSettings { Key = key, Certificate = cert };
    }

    [Fact]
    public void Signs_a_real_module_with_the_kernels_sign_file_and_the_trailer_says_sha256_pkcs7()
    {
        var ko = SampleModule.CopyTo(Path.Combine(dir, "build"));
        Assert.Equal(ModuleSignatureInfo.Unsigned, ModuleSignatureReader.Read(ko));
        using var keys = SigningKeyFiles.Create(ThrowawayKey());

        // The exact command the build container runs; here the key directory is the host one instead of a mount.
        var plan = ModuleSigningPlan.Create(SampleModule.KernelRelease, [ko], keyDirectory: keys.Directory);
        var run = ExternalTool.Run(plan.Command[0], plan.Command.Skip(1), environment: plan.Environment);
        Assert.True(run.ExitCode == 0, run.Output);
        Assert.Contains($"kmodforge: signed {ko}", run.StandardOutput);

        var info = ModuleSignatureReader.Read(ko);
        Assert.True(info.Signed, info.Problem);
        Assert.Equal("sha256", info.HashAlgorithm);
        Assert.True(info.SignatureLength > 256);
        var modinfo = ExternalTool.Ok("modinfo", ko);
        Assert.Matches(@"sig_hashalgo:\s+sha256", modinfo);
        Assert.Matches(@"signer:\s+KmodForge test signing key", modinfo);
        Assert.Equal(new ModuleSigningReport(true, "signed (sha256, CN=KmodForge test signing key)"), ModuleSigner.Verify([ko], keys.CertificateSubject));
    }

    [Fact]
    public void An_unsigned_module_reads_as_unsigned_and_fails_verification()
    {
        Assert.Equal(ModuleSignatureInfo.Unsigned, ModuleSignatureReader.Read(SampleModule.KoPath));
        var e = Assert.Throws<ModuleSigningException>(() => ModuleSigner.Verify([SampleModule.KoPath], "CN=x"));
        Assert.Contains("no signature trailer", e.Message);
    }

    [Fact]
    public void A_trailer_with_a_bad_length_is_reported_not_signed()
    {
        var path = Path.Combine(dir, "bad.ko");
        File.WriteAllBytes(path, [.. new byte[64], 0, 0, 2, 0, 0, 0, 0, 0, 0x7F, 0xFF, 0xFF, 0xFF, .. "~Module signature appended~\n"u8]);
        var info = ModuleSignatureReader.Read(path);
        Assert.False(info.Signed);
        Assert.Contains("claims", info.Problem);
    }

    [Fact]
    public async Task Without_a_key_the_build_reports_unsigned_and_runs_no_container()
    {
        var report = await new ModuleSigner(new NoContainers(), NullBuildLog.Instance).SignAsync(
            new ModuleSigningSettings(), "img", SampleModule.KernelRelease, [("/tmp/x.ko", "/work/x.ko")], [], null, CancellationToken.None);
        Assert.False(report.Signed);
        Assert.StartsWith("unsigned", report.Summary);
    }

    [Fact]
    public void Key_files_are_private_mounted_read_only_and_wiped_on_dispose()
    {
        var keys = SigningKeyFiles.Create(ThrowawayKey());
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(keys.KeyPath));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(keys.Directory));
        var plan = ModuleSigningPlan.Create("6.12.0-55.el10.x86_64", ["/work/out/kfsample.ko"]);
        var request = plan.ToRunRequest("kmodforge-build:el10", keys, [new Mount("/host/out", "/work/out")], "linux/amd64");
        Assert.Contains(new Mount(keys.KeyPath, "/run/kmodforge-signing/signing_key.pem", ReadOnly: true), request.Mounts);
        Assert.Contains(new Mount(keys.CertificatePath, "/run/kmodforge-signing/signing_cert.pem", ReadOnly: true), request.Mounts);
        Assert.Equal("none", request.Network);
        Assert.DoesNotContain(request.Command.Concat(request.Environment.Values), s => s.Contains("PRIVATE KEY", StringComparison.Ordinal));
        Assert.Equal(["/bin/sh", "-eu", "-c", ModuleSigningPlan.Script, "kmodforge-sign-modules", "6.12.0-55.el10.x86_64", "/work/out/kfsample.ko"], request.Command);

        keys.Dispose();
        Assert.False(Directory.Exists(keys.Directory));
    }

    [Fact]
    public void Accepts_the_key_and_certificate_as_pem_text_from_ci_secrets()
    {
        var files = ThrowawayKey();
        using var keys = SigningKeyFiles.Create(new ModuleSigningSettings { Key = File.ReadAllText(files.Key!), Certificate = File.ReadAllText(files.Certificate!) });
        Assert.Equal(File.ReadAllText(files.Key!).Trim(), File.ReadAllText(keys.KeyPath).Trim());
        Assert.Equal("CN=KmodForge test signing key", keys.CertificateSubject);
    }

    [Fact]
    public void Refuses_a_certificate_that_does_not_match_the_key_without_showing_the_key()
    {
        var a = ThrowawayKey("a");
        var b = ThrowawayKey("b");
        var e = Assert.Throws<ArgumentException>(() => SigningKeyFiles.Create(new ModuleSigningSettings { Key = File.ReadAllText(a.Key!), Certificate = b.Certificate }));
        Assert.Contains("does not match the private key", e.Message);
        Assert.DoesNotContain("PRIVATE KEY", e.Message);
    }

    [Theory]
    [InlineData("6.1.0-28-amd64; rm -rf /", "/work/a.ko")]
    [InlineData("6.1.0-28-amd64", "/work/../etc/a.ko")]
    [InlineData("6.1.0-28-amd64", "/work/a.ko.xz")]
    [InlineData("6.1.0-28-amd64", "/work/$(reboot).ko")]
    public void Plan_refuses_unsafe_kernel_releases_and_module_paths(string release, string module)
    {
        var e = Assert.Throws<TargetValidationException>(() => ModuleSigningPlan.Create(release, [module]));
        Assert.NotEmpty(e.Errors);
    }

    [Fact]
    public void The_key_setting_is_a_secret()
    {
        var settings = SettingsBinder.Describe(typeof(ModuleSigningSettings)).ToDictionary(s => s.Setting.Name, s => s.Setting);
        Assert.True(settings["module-signing-key"].Secret);
        Assert.False(settings["module-signing-cert"].Secret);
        Assert.Equal("KMODFORGE_MODULE_SIGNING_KEY", settings["module-signing-key"].EnvironmentVariable);
    }

    /// <summary>An engine for code paths that must not touch containers: any call fails the test.</summary>
    private sealed class NoContainers() : KmodForge.Tests.Support.RefusingContainerEngine("no container may be used without a signing key")
    {
        public override string Name => "none";
    }
}
