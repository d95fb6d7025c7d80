using KmodForge.Errors;
using KmodForge.IO;
using KmodForge.Packaging.Rpm;
using Xunit.Abstractions;

namespace KmodForge.Tests.Packaging;

/// <summary>The RPM writer's output read back by the real rpm and rpmlint.</summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class RpmPackageWriterTests(ITestOutputHelper output) : IDisposable
{
    private readonly string dir = Directory.CreateTempSubdirectory("kmodforge-rpm-").FullName;

    public void Dispose() => Directory.Delete(dir, recursive: true);

    private string Write(RpmPayloadCompression compression = RpmPayloadCompression.Gzip, long epoch = TestPackages.Epoch, string name = "kfsample.rpm")
    {
        var path = Path.Combine(dir, name);
        new RpmPackageWriter(compression).Write(TestPackages.RpmSpec(SampleModule.KoPath, SampleModule.KernelRelease, epoch), path);
        return path;
    }

    [Fact]
    public void Rpm_query_shows_the_package_metadata()
    {
        var info = ExternalTool.Ok("rpm", "-qip", Write());
        var release = SampleModule.KernelRelease;
        Assert.Matches($@"Name\s*:\s*kfsample-{release}\n", info);
        Assert.Matches(@"Version\s*:\s*1\.2\.3\n", info);
        Assert.Matches(@"Release\s*:\s*1\n", info);
        Assert.Matches(@"Architecture\s*:\s*x86_64\n", info);
        Assert.Matches(@"License\s*:\s*GPL-2\.0-only\n", info);
        Assert.Matches(@"Vendor\s*:\s*KmodForge\n", info);
        Assert.Matches(@"URL\s*:\s*https://kmodforge\.example/kfsample\n", info);
        Assert.Matches(@"Build Date\s*:\s*.*2023", info);
        Assert.Contains("It only logs a line when loaded.", info);
    }

    [Fact]
    public void Rpm_lists_the_module_and_only_the_extra_directory()
    {
        var list = ExternalTool.Ok("rpm", "-qlp", Write()).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var release = SampleModule.KernelRelease;
        Assert.Equal([$"/lib/modules/{release}/extra", $"/lib/modules/{release}/extra/kfsample.ko"], list);
    }

    [Fact]
    public void Rpm_dump_shows_sizes_digests_modes_and_owners()
    {
        var lines = ExternalTool.Ok("rpm", "-qp", "--dump", Write()).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var release = SampleModule.KernelRelease;
        var ko = lines.Single(l => l.StartsWith($"/lib/modules/{release}/extra/kfsample.ko ", StringComparison.Ordinal)).Split(' ');
        // path size mtime digest mode owner group isconfig isdoc rdev symlink
        Assert.Equal(new FileInfo(SampleModule.KoPath).Length.ToString(System.Globalization.CultureInfo.InvariantCulture), ko[1]);
        Assert.Equal(TestPackages.Epoch.ToString(System.Globalization.CultureInfo.InvariantCulture), ko[2]);
        Assert.Equal(FileHashing.Sha256Hex(SampleModule.KoPath), ko[3]);
        Assert.Equal("0100644", ko[4]);
        Assert.Equal(["root", "root"], ko[5..7]);
        var extra = lines.Single(l => l.StartsWith($"/lib/modules/{release}/extra ", StringComparison.Ordinal)).Split(' ');
        Assert.Equal("040755", extra[4]);
    }

    [Fact]
    public void Rpm_shows_the_depmod_scriptlets_run_by_sh()
    {
        var scripts = ExternalTool.Ok("rpm", "-qp", "--scripts", Write());
        var release = SampleModule.KernelRelease;
        Assert.Contains($"postinstall scriptlet (using /bin/sh):\ndepmod -a {release} || :", scripts);
        Assert.Contains($"postuninstall scriptlet (using /bin/sh):\ndepmod -a {release} || :", scripts);
    }

    [Fact]
    public void Rpm_requires_the_kernel_and_rpmlib_features_and_provides_the_package()
    {
        var path = Write();
        var release = SampleModule.KernelRelease;
        var requires = ExternalTool.Ok("rpm", "-qp", "--requires", path).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Contains($"kernel-uname-r = {release}", requires);
        Assert.Contains("/bin/sh", requires);
        Assert.Contains("rpmlib(CompressedFileNames) <= 3.0.4-1", requires);
        Assert.Contains("rpmlib(FileDigests) <= 4.6.0-1", requires);
        Assert.Contains("rpmlib(PayloadFilesHavePrefix) <= 4.0-1", requires);
        Assert.DoesNotContain(requires, r => r.StartsWith("rpmlib(PayloadIsZstd)", StringComparison.Ordinal));
        var provides = ExternalTool.Ok("rpm", "-qp", "--provides", path).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Contains($"kfsample-{release} = 1.2.3-1", provides);
        Assert.Contains($"kfsample-{release}(x86-64) = 1.2.3-1", provides);
    }

    [Theory]
    [InlineData(RpmPayloadCompression.Gzip)]
    [InlineData(RpmPayloadCompression.Zstd)]
    public void Rpm_checks_the_digests(RpmPayloadCompression compression)
    {
        var path = Write(compression);
        var result = ExternalTool.Run("rpm", ["-Kv", path]);
        Assert.True(result.ExitCode == 0, result.Output);
        Assert.Contains("Header SHA256 digest: OK", result.StandardOutput);
        Assert.Contains("Header SHA1 digest: OK", result.StandardOutput);
        Assert.Contains("Payload SHA256 digest: OK", result.StandardOutput);
        Assert.Contains("MD5 digest: OK", result.StandardOutput);
        Assert.Equal($"{path}: digests OK\n", ExternalTool.Ok("rpm", "-K", path));
    }

    [Fact]
    public void Zstd_payload_is_named_and_required()
    {
        var path = Write(RpmPayloadCompression.Zstd);
        Assert.Equal("zstd 9", ExternalTool.Ok("rpm", "-qp", "--qf", "%{PAYLOADCOMPRESSOR} %{PAYLOADFLAGS}", path));
        Assert.Contains("rpmlib(PayloadIsZstd) <= 5.4.18-1", ExternalTool.Ok("rpm", "-qp", "--requires", path));
    }

    [Fact]
    public void Rpm_installs_the_module_under_extra_and_verifies_and_removes_it()
    {
        var path = Write();
        var root = Path.Combine(dir, "root");
        Directory.CreateDirectory(root);
        ExternalTool.Ok("rpm", "-i", "--root", root, "--nodeps", "--noscripts", path);
        var release = SampleModule.KernelRelease;
        var installed = Path.Combine(root, $"lib/modules/{release}/extra/kfsample.ko");
        Assert.Equal(FileHashing.Sha256Hex(SampleModule.KoPath), FileHashing.Sha256Hex(installed));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead, File.GetUnixFileMode(installed));
        Assert.Equal(
            UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute,
            File.GetUnixFileMode(Path.GetDirectoryName(installed)!));

        var name = $"kfsample-{release}";
        Assert.Equal(string.Empty, ExternalTool.Ok("rpm", "--root", root, "-V", "--nodeps", "--noscripts", name));
        ExternalTool.Ok("rpm", "--root", root, "-e", "--nodeps", "--noscripts", name);
        Assert.False(File.Exists(installed));
        Assert.False(Directory.Exists(Path.GetDirectoryName(installed)), "the extra directory the package owned is removed with it");
    }

    [Fact]
    public void Rpmlint_finds_no_error_but_the_missing_package_signature()
    {
        var result = ExternalTool.Run("rpmlint", [Write()]);
        output.WriteLine(result.Output);
        var errors = result.StandardOutput.Split('\n').Where(l => l.Contains(" E: ", StringComparison.Ordinal)).ToList();
        Assert.Equal([$"kfsample-{SampleModule.KernelRelease}.x86_64: E: no-signature"], errors);

        // Only the warnings inherent to an out-of-tree module package (the README lists them with the reasons).
        var warnings = result.StandardOutput.Split('\n').Where(l => l.Contains(" W: ", StringComparison.Ordinal))
            .Select(l => l[(l.IndexOf(" W: ", StringComparison.Ordinal) + 4)..].Split(' ')[0]).Distinct().Order(StringComparer.Ordinal);
        Assert.Equal(["invalid-license", "no-documentation", "non-coherent-filename", "requires-on-release", "unstripped-binary-or-object"], warnings);
    }

    [Fact]
    public void Rpmsign_signs_in_the_reserved_space_and_then_rpmlint_reports_no_errors()
    {
        var path = Write();
        var size = new FileInfo(path).Length;
        var home = Path.Combine(dir, "home");
        var gnupg = Path.Combine(home, ".gnupg");
        Directory.CreateDirectory(gnupg);
        File.SetUnixFileMode(gnupg, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        File.WriteAllText(Path.Combine(home, ".rpmmacros"), $"%_dbpath {home}/rpmdb\n%_gpg_name test@kmodforge.example\n%__gpg /usr/bin/gpg\n");
        var env = new Dictionary<string, string> { ["HOME"] = home, ["GNUPGHOME"] = gnupg };
        Run(env, "gpg", "--batch", "--passphrase", "", "--quick-gen-key", "KmodForge Test <test@kmodforge.example>", "rsa2048", "sign", "1d");
        File.WriteAllText(Path.Combine(home, "key.asc"), Run(env, "gpg", "--armor", "--export", "test@kmodforge.example"));
        Run(env, "rpm", "--initdb");
        Run(env, "rpm", "--import", Path.Combine(home, "key.asc"));
        Run(env, "rpmsign", "--addsign", path);

        Assert.Equal(size, new FileInfo(path).Length);
        Assert.Equal($"{path}: digests signatures OK\n", Run(env, "rpm", "-K", path));
        var lint = ExternalTool.Run("rpmlint", [path], environment: env);
        output.WriteLine(lint.Output);
        Assert.Matches(@"\b0 errors\b", lint.StandardOutput);
    }

    private static string Run(IReadOnlyDictionary<string, string> env, string file, params string[] args)
    {
        var result = ExternalTool.Run(file, args, environment: env);
        Assert.True(result.ExitCode == 0, $"{file} {string.Join(' ', args)}: {result.Output}");
        return result.StandardOutput;
    }

    [Fact]
    public void Rpm_install_runs_depmod_in_the_target_root_and_removal_runs_it_again()
    {
        var path = Write();
        var root = MinimalRootWithShellAndDepmod();
        var release = SampleModule.KernelRelease;
        ExternalTool.Ok("rpm", "-i", "--root", root, "--nodeps", path);
        var modulesDep = Path.Combine(root, $"lib/modules/{release}/modules.dep");
        Assert.Contains("extra/kfsample.ko:", File.ReadAllText(modulesDep));

        ExternalTool.Ok("rpm", "-e", "--root", root, "--nodeps", $"kfsample-{release}");
        Assert.DoesNotContain("kfsample", File.ReadAllText(modulesDep));
    }

    /// <summary>A root where rpm's chrooted scriptlets can run: dash as /bin/sh, kmod as depmod, and their libraries.</summary>
    private string MinimalRootWithShellAndDepmod()
    {
        var root = Path.Combine(dir, "scriptroot");
        foreach (var d in new[] { "bin", "sbin", "tmp", "var/tmp" })
        {
            Directory.CreateDirectory(Path.Combine(root, d));
        }

        var copies = new Dictionary<string, string> { ["/bin/dash"] = "bin/sh", ["/bin/kmod"] = "sbin/depmod" };
        foreach (var binary in copies.Keys.ToList())
        {
            foreach (var lib in ExternalTool.Ok("ldd", binary).Split('\n').Select(l => System.Text.RegularExpressions.Regex.Match(l, @"(/\S+) \(0x")).Where(m => m.Success))
            {
                copies[lib.Groups[1].Value] = lib.Groups[1].Value.TrimStart('/');
            }
        }

        foreach (var (from, to) in copies)
        {
            var target = Path.Combine(root, to);
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(from, target, overwrite: true);
            File.SetUnixFileMode(target, File.GetUnixFileMode(from) | UnixFileMode.UserExecute);
        }

        return root;
    }

    [Fact]
    public void Aarch64_packages_carry_rpms_arch_name_and_lead_arch_number()
    {
        var path = Path.Combine(dir, "arm.rpm");
        new RpmPackageWriter().Write(TestPackages.RpmSpec(SampleModule.KoPath, SampleModule.KernelRelease) with { Architecture = KmodForge.Targets.Architecture.Aarch64 }, path);
        Assert.Equal("aarch64", ExternalTool.Ok("rpm", "-qp", "--qf", "%{ARCH}", path));
        Assert.Contains($"kfsample-{SampleModule.KernelRelease}(aarch-64) = 1.2.3-1", ExternalTool.Ok("rpm", "-qp", "--provides", path));
        var lead = File.ReadAllBytes(path)[..10];
        Assert.Equal(19, (lead[8] << 8) | lead[9]);
    }

    [Theory]
    [InlineData("1.2-3", "Version")]
    [InlineData("kernel-uname-r (>= 6.1)", "Depends")]
    [InlineData("/lib/modules/../etc/x.ko", "InstallPath")]
    public void Refuses_spec_values_rpm_cannot_carry_naming_the_field(string value, string field)
    {
        var spec = TestPackages.RpmSpec(SampleModule.KoPath, SampleModule.KernelRelease);
        spec = field switch
        {
            "Version" => spec with { Version = value },
            "Depends" => spec with { Depends = [value] },
            _ => spec with { Files = [new KmodForge.Packaging.PackageFile(SampleModule.KoPath, value)] },
        };
        var path = Path.Combine(dir, "bad.rpm");
        var e = Assert.Throws<ArgumentException>(() => new RpmPackageWriter().Write(spec, path));
        Assert.StartsWith(field + ":", e.Message);
        Assert.Contains(Printable.Quote(value), e.Message);
        Assert.False(File.Exists(path));
    }

    [Fact]
    public void Writing_twice_gives_identical_bytes_and_another_epoch_does_not()
    {
        var first = FileHashing.Sha256Hex(Write(name: "a.rpm"));
        var second = FileHashing.Sha256Hex(Write(name: "b.rpm"));
        var otherEpoch = FileHashing.Sha256Hex(Write(epoch: TestPackages.Epoch + 1, name: "c.rpm"));
        Assert.Equal(first, second);
        Assert.NotEqual(first, otherEpoch);
    }
}
