using System.Security.Cryptography;
using KmodForge.Naming;
using KmodForge.Packaging;
using KmodForge.Targets;
using KmodForge.Tests.Modules;

namespace KmodForge.Tests.Packaging;

/// <summary>Writes .debs from the real sample module and reads them back with dpkg-deb.</summary>
[Collection(SampleModuleCollection.Name)]
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class DebPackageWriterTests(SampleModuleFixture sample)
{
    private const long Epoch = 1_700_000_000;

    private BuildTarget Target => BuildTarget.Create("debian", null, sample.KernelRelease, "amd64", "v0.1.2");

    private PackageSpec Spec(PackageMetadataSettings? settings = null) =>
        PackageSpecFactory.ForModules("kmodforge-sample", Target, [sample.KoPath], settings ?? new PackageMetadataSettings { Homepage = "https://example.org/kfsample" }, Epoch);

    private string Write(PackageSpec spec)
    {
        var path = Path.Combine(sample.NewDirectory(), PackageNaming.FileName("kmodforge-sample", Target));
        new DebPackageWriter().Write(spec, path);
        return path;
    }

    private static string DpkgDeb(params string[] args) => HostProcess.Run("dpkg-deb", args).EnsureSuccess("dpkg-deb " + string.Join(' ', args)).Stdout;

    [Fact]
    public void Dpkg_deb_reads_the_control_fields()
    {
        var deb = Write(Spec());
        var release = sample.KernelRelease;

        Assert.Equal($"kmodforge-sample-{release}", DpkgDeb("--field", deb, "Package").Trim());
        Assert.Equal("0.1.2-1", DpkgDeb("--field", deb, "Version").Trim());
        Assert.Equal("amd64", DpkgDeb("--field", deb, "Architecture").Trim());
        Assert.Equal("kernel", DpkgDeb("--field", deb, "Section").Trim());
        Assert.Equal("optional", DpkgDeb("--field", deb, "Priority").Trim());
        Assert.Equal("KmodForge Builder <kmodforge@example.invalid>", DpkgDeb("--field", deb, "Maintainer").Trim());
        Assert.Equal($"linux-image-{release} | linux-image-{release}-unsigned", DpkgDeb("--field", deb, "Depends").Trim());
        Assert.Equal("kmodforge-sample-kmod (= 0.1.2-1)", DpkgDeb("--field", deb, "Provides").Trim());
        Assert.Equal("https://example.org/kfsample", DpkgDeb("--field", deb, "Homepage").Trim());
        // The module, plus one KiB each for the copyright file and changelog.Debian.gz policy requires.
        var kib = ((new FileInfo(sample.KoPath).Length + 1023) / 1024) + 2;
        Assert.Equal(kib.ToString(System.Globalization.CultureInfo.InvariantCulture), DpkgDeb("--field", deb, "Installed-Size").Trim());
        var description = DpkgDeb("--field", deb, "Description");
        Assert.StartsWith($"kmodforge-sample kernel modules for Linux {release}\n Out-of-tree kernel modules of kmodforge-sample v0.1.2", description);
        Assert.Contains("\n .\n", description);
    }

    [Fact]
    public void Dpkg_deb_info_lists_the_control_members_and_scripts()
    {
        var info = DpkgDeb("--info", Write(Spec()));

        Assert.Contains("new Debian package, version 2.0.", info);
        Assert.Matches(@"\d+ bytes,\s+\d+ lines\s+control", info);
        Assert.Matches(@"\d+ bytes,\s+\d+ lines\s+md5sums", info);
        Assert.Matches(@"\d+ bytes,\s+\d+ lines\s+\*\s+postinst\s+#!/bin/sh", info);
        Assert.Matches(@"\d+ bytes,\s+\d+ lines\s+\*\s+postrm\s+#!/bin/sh", info);
    }

    [Fact]
    public void Data_holds_the_module_under_extra_and_the_policy_documents_owned_by_root_with_every_parent_directory()
    {
        var contents = DpkgDeb("--contents", Write(Spec())).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var release = sample.KernelRelease;
        var doc = $"./usr/share/doc/kmodforge-sample-{release}/";
        string[] dirs = ["./", "./lib/", "./lib/modules/", $"./lib/modules/{release}/", $"./lib/modules/{release}/extra/", "./usr/", "./usr/share/", "./usr/share/doc/", doc];
        string[] files = [$"./lib/modules/{release}/extra/kfsample.ko", doc + "changelog.Debian.gz", doc + "copyright"];

        var entries = contents.Select(line => System.Text.RegularExpressions.Regex.Match(line, @"^(?<mode>\S+) root/root\s+(?<size>\d+) 2023-11-14 22:13 (?<path>\S+)$")).ToList();

        Assert.All(entries, m => Assert.True(m.Success, "not root-owned at SOURCE_DATE_EPOCH: " + m.Value));
        Assert.Equal(dirs.Concat(files).Order(StringComparer.Ordinal), entries.Select(m => m.Groups["path"].Value));
        Assert.All(entries.Where(m => dirs.Contains(m.Groups["path"].Value)), m => Assert.Equal("drwxr-xr-x", m.Groups["mode"].Value));
        Assert.All(entries.Where(m => files.Contains(m.Groups["path"].Value)), m => Assert.Equal("-rw-r--r--", m.Groups["mode"].Value));
        Assert.Equal(new FileInfo(sample.KoPath).Length.ToString(System.Globalization.CultureInfo.InvariantCulture),
            entries.Single(m => m.Groups["path"].Value.EndsWith("kfsample.ko", StringComparison.Ordinal)).Groups["size"].Value);
    }

    [Fact]
    public void The_changelog_and_copyright_are_debian_policy_shaped_and_dated_by_source_date_epoch()
    {
        var root = sample.NewDirectory();
        HostProcess.Run("dpkg-deb", "-x", Write(Spec()), root).EnsureSuccess("dpkg-deb -x");
        var doc = Path.Combine(root, "usr", "share", "doc", $"kmodforge-sample-{sample.KernelRelease}");

        var fields = HostProcess.Run("sh", "-c", "gzip -dc \"$1\" | dpkg-parsechangelog -l -", "sh", Path.Combine(doc, "changelog.Debian.gz"))
            .EnsureSuccess("dpkg-parsechangelog").Stdout.Split('\n');
        Assert.Contains($"Source: kmodforge-sample-{sample.KernelRelease}", fields);
        Assert.Contains("Version: 0.1.2-1", fields);
        Assert.Contains("Distribution: unstable", fields);
        Assert.Contains("Maintainer: KmodForge Builder <kmodforge@example.invalid>", fields);
        Assert.Contains($"Timestamp: {Spec().SourceDateEpoch}", fields);

        var copyright = File.ReadAllText(Path.Combine(doc, "copyright"));
        Assert.StartsWith("Format: https://www.debian.org/doc/packaging-manuals/copyright-format/1.0/\n", copyright, StringComparison.Ordinal);
        Assert.Contains("\nFiles: *\n", copyright, StringComparison.Ordinal);
        Assert.Contains("\nLicense: GPL-2.0-only\n", copyright, StringComparison.Ordinal);
        Assert.Contains("/usr/share/common-licenses/GPL-2", copyright, StringComparison.Ordinal);
    }

    [Fact]
    public void Extracted_module_is_byte_identical_and_still_verifies()
    {
        var deb = Write(Spec());
        var root = sample.NewDirectory();
        HostProcess.Run("dpkg-deb", "-x", deb, root).EnsureSuccess("dpkg-deb -x");
        var extracted = Path.Combine(root, "lib", "modules", sample.KernelRelease, "extra", "kfsample.ko");

        Assert.Equal(File.ReadAllBytes(sample.KoPath), File.ReadAllBytes(extracted));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead, File.GetUnixFileMode(extracted));
        Assert.Equal("kfsample", KmodForge.Modules.ModuleVerifier.Verify(extracted, Target).Name);
    }

    [Fact]
    public void Maintainer_scripts_run_depmod_guarded_on_configure_and_remove_and_md5sums_match()
    {
        var deb = Write(Spec());
        var control = sample.NewDirectory();
        HostProcess.Run("dpkg-deb", "-e", deb, control).EnsureSuccess("dpkg-deb -e");
        var release = sample.KernelRelease;

        var postinst = File.ReadAllText(Path.Combine(control, "postinst"));
        var postrm = File.ReadAllText(Path.Combine(control, "postrm"));
        Assert.StartsWith("#!/bin/sh\nset -e\n", postinst);
        Assert.Contains("    configure)\n", postinst);
        Assert.Contains("    remove|purge)\n", postrm);
        foreach (var script in new[] { postinst, postrm })
        {
            Assert.Contains($"depmod -a {release}", script);
            Assert.Contains("command -v depmod", script);
        }

        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.GroupRead | UnixFileMode.GroupExecute
            | UnixFileMode.OtherRead | UnixFileMode.OtherExecute, File.GetUnixFileMode(Path.Combine(control, "postinst")));
        foreach (var script in new[] { "postinst", "postrm" })
        {
            HostProcess.Run("sh", "-n", Path.Combine(control, script)).EnsureSuccess($"sh -n {script}");
        }

        var md5 = Convert.ToHexStringLower(MD5.HashData(File.ReadAllBytes(sample.KoPath)));
        var md5sums = File.ReadAllText(Path.Combine(control, "md5sums"));
        Assert.StartsWith($"{md5}  lib/modules/{release}/extra/kfsample.ko\n", md5sums, StringComparison.Ordinal);
        Assert.Equal(3, md5sums.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
        var root = sample.NewDirectory();
        HostProcess.Run("dpkg-deb", "-x", deb, root).EnsureSuccess("dpkg-deb -x");
        HostProcess.Run("sh", "-c", "cd \"$1\" && md5sum --check --strict --quiet \"$2\"", "sh", root, Path.Combine(control, "md5sums")).EnsureSuccess("md5sum --check");
    }

    [Fact]
    public void Postinst_succeeds_without_depmod_and_for_other_actions()
    {
        var control = sample.NewDirectory();
        HostProcess.Run("dpkg-deb", "-e", Write(Spec()), control).EnsureSuccess("dpkg-deb -e");
        var postinst = Path.Combine(control, "postinst");
        var emptyPath = sample.NewDirectory();

        // No depmod on PATH (a minimal container): configure still succeeds.
        Assert.Equal(0, HostProcess.Run("/bin/sh", ["-c", $"PATH={emptyPath} . {postinst}", "postinst", "configure"]).ExitCode);
        Assert.Equal(0, HostProcess.Run("/bin/sh", postinst, "abort-upgrade").ExitCode);
    }

    [Fact]
    public void Writing_twice_gives_identical_bytes()
    {
        var first = Write(Spec());
        var second = Write(Spec());

        Assert.Equal(Sha256(first), Sha256(second));
        Assert.NotEqual(Sha256(first), Sha256(Write(Spec() with { SourceDateEpoch = Epoch + 1 })));
    }

    [Fact]
    public void Ar_layout_is_the_one_dpkg_expects()
    {
        var bytes = File.ReadAllBytes(Write(Spec()));
        var text = System.Text.Encoding.ASCII.GetString(bytes, 0, 8);
        Assert.Equal("!<arch>\n", text);

        var members = new List<string>();
        var offset = 8;
        while (offset < bytes.Length)
        {
            var header = System.Text.Encoding.ASCII.GetString(bytes, offset, 60);
            Assert.Equal("`\n", header[58..60]);
            members.Add(header[..16].TrimEnd().TrimEnd('/'));
            var size = int.Parse(header[48..58].Trim(), System.Globalization.CultureInfo.InvariantCulture);
            offset += 60 + size + (size % 2);
        }

        Assert.Equal(bytes.Length, offset);
        Assert.Equal(["debian-binary", "control.tar.gz", "data.tar.gz"], members);
        Assert.Equal("2.0\n", System.Text.Encoding.ASCII.GetString(bytes, 68, 4));
    }

    [Fact]
    public void Lintian_finds_no_errors_and_only_the_warning_inherent_to_a_package_built_outside_the_debian_archive()
    {
        var result = HostProcess.Run("lintian", ["--tag-display-limit", "0", Write(Spec())]);

        var tags = result.Stdout.Split('\n').Where(l => l.Length > 2 && l[1] == ':' && l[0] is 'E' or 'W')
            .Select(l => $"{l[0]}: {l.Split(' ')[2]}").Distinct().ToList();
        // initial-upload-closes-no-bugs: a first Debian upload must close an ITP bug; these packages are never uploaded.
        Assert.True(tags.SequenceEqual(["W: initial-upload-closes-no-bugs"]), "lintian said:\n" + result.Stdout);
    }

    [Fact]
    public void Description_paragraphs_are_wrapped_to_80_columns_without_losing_words()
    {
        var description = string.Join(' ', Enumerable.Range(0, 60).Select(i => $"word{i}")) + "\nsecond line of the paragraph\n\nnext paragraph";

        var control = DebControlFile.Render(Spec() with { Description = description }, 1);

        var body = control[(control.IndexOf("\nDescription: ", StringComparison.Ordinal) + 1)..].Split('\n', StringSplitOptions.RemoveEmptyEntries).Skip(1).ToList();
        Assert.All(body, line => Assert.True(line.Length <= 80 && line.StartsWith(' '), $"'{line}'"));
        Assert.Equal(" .", body[^2]);
        Assert.Equal(description.Replace("\n\n", " ", StringComparison.Ordinal).Replace('\n', ' '),
            string.Join(' ', body.Where(l => l != " .").Select(l => l.Trim())));
    }

    [Fact]
    public void Refuses_control_values_that_would_break_the_control_file()
    {
        var spec = Spec();

        var e = Assert.Throws<ArgumentException>(() => Write(spec with { Maintainer = "x <y@z>\nDepends: evil" }));
        Assert.Contains("package Maintainer", e.Message);
        Assert.Contains("\\n", e.Message);
        Assert.Throws<ArgumentException>(() => Write(spec with { Name = "Bad Name" }));
        Assert.Throws<ArgumentException>(() => Write(spec with { Version = "$(id)" }));
        Assert.Throws<ArgumentException>(() => Write(spec with { Files = [new PackageFile(sample.KoPath, "/lib/../etc/passwd")] }));
        Assert.Throws<ArgumentException>(() => Write(spec with { Files = [new PackageFile(sample.KoPath, "relative/x.ko")] }));
    }

    [Fact]
    public void A_failed_write_leaves_no_file_and_no_temporary_file()
    {
        var dir = sample.NewDirectory();
        var output = Path.Combine(dir, "x.deb");
        var spec = Spec() with { Files = [new PackageFile(Path.Combine(dir, "missing.ko"), "/lib/modules/x/extra/missing.ko")] };

        Assert.Throws<FileNotFoundException>(() => new DebPackageWriter().Write(spec, output));
        Assert.Empty(Directory.GetFileSystemEntries(dir));
    }

    private static string Sha256(string path) => Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(path)));
}
