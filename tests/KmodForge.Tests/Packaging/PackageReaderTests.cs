using KmodForge.IO;
using KmodForge.Packaging.Reading;
using KmodForge.Packaging.Rpm;
using KmodForge.Targets;

namespace KmodForge.Tests.Packaging;

/// <summary>The readers on packages made by our writer and by the real tools (rpmbuild, dpkg-deb).</summary>
public sealed class PackageReaderTests : IDisposable
{
    private readonly string dir = Directory.CreateTempSubdirectory("kmodforge-read-").FullName;

    public void Dispose() => Directory.Delete(dir, recursive: true);

    private static string Release => SampleModule.KernelRelease;

    private string ModuleInstallPath => $"/lib/modules/{Release}/extra/kfsample.ko";

    [Theory]
    [InlineData(RpmPayloadCompression.Gzip)]
    [InlineData(RpmPayloadCompression.Zstd)]
    public void Lists_and_extracts_an_rpm_we_wrote(RpmPayloadCompression compression)
    {
        var rpm = Path.Combine(dir, "k.rpm");
        new RpmPackageWriter(compression).Write(TestPackages.RpmSpec(SampleModule.KoPath, Release), rpm);

        var reader = PackageReader.Open(rpm);
        Assert.Equal(PackageFormat.Rpm, reader.Format);
        var size = new FileInfo(SampleModule.KoPath).Length;
        Assert.Equal(
            [
                new PackageEntry($"/lib/modules/{Release}/extra", 0, 0b111_101_101, PackageEntryType.Directory, null),
                new PackageEntry(ModuleInstallPath, size, 0b110_100_100, PackageEntryType.File, null),
            ],
            reader.ListEntries());
        AssertExtractsTheModule(reader);
    }

    [Theory]
    [InlineData("w6.xzdio", "xz")]
    [InlineData("w19.zstdio", "zstd")]
    [InlineData("w9.gzdio", "gzip")]
    public void Lists_and_extracts_an_rpm_built_by_rpmbuild(string payload, string compressor)
    {
        var top = Path.Combine(dir, "rpmbuild");
        Directory.CreateDirectory(Path.Combine(top, "SOURCES"));
        File.Copy(SampleModule.KoPath, Path.Combine(top, "SOURCES", "kfsample.ko"));
        var spec = Path.Combine(top, "kfsample.spec");
        File.WriteAllText(spec, $"""
            Name: kfsample-rpmbuild
            Version: 1.0
            Release: 1
            Summary: Sample module built by rpmbuild
            License: GPL-2.0-only
            BuildArch: x86_64
            %description
            Sample module built by rpmbuild.
            %install
            mkdir -p %{"{buildroot}"}/lib/modules/{Release}/extra
            install -m 0644 %{"{_sourcedir}"}/kfsample.ko %{"{buildroot}"}/lib/modules/{Release}/extra/kfsample.ko
            ln -s kfsample.ko %{"{buildroot}"}/lib/modules/{Release}/extra/alias.ko
            %files
            /lib/modules/{Release}/extra
            """);
        ExternalTool.Ok("rpmbuild", "-bb", "--define", $"_topdir {top}", "--define", $"_binary_payload {payload}",
            "--define", "__os_install_post %{nil}", "--define", "debug_package %{nil}", "--define", "_build_id_links none", spec);
        var rpm = Directory.GetFiles(Path.Combine(top, "RPMS"), "*.rpm", SearchOption.AllDirectories).Single();
        Assert.Equal(compressor, ExternalTool.Ok("rpm", "-qp", "--qf", "%{PAYLOADCOMPRESSOR}", rpm));

        var reader = PackageReader.Open(rpm);
        var entries = reader.ListEntries();
        Assert.Contains(new PackageEntry($"/lib/modules/{Release}/extra/alias.ko", 0, 0b111_111_111, PackageEntryType.Symlink, "kfsample.ko"), entries);
        Assert.Contains(entries, e => e.Path == ModuleInstallPath && e.Type == PackageEntryType.File && e.Mode == 0b110_100_100);
        AssertExtractsTheModule(reader);
    }

    [Theory]
    [InlineData("gzip")]
    [InlineData("xz")]
    [InlineData("zstd")]
    [InlineData("none")]
    public void Lists_and_extracts_a_deb_built_by_dpkg_deb(string compression)
    {
        var tree = Path.Combine(dir, "tree");
        Directory.CreateDirectory(Path.Combine(tree, "DEBIAN"));
        File.WriteAllText(Path.Combine(tree, "DEBIAN", "control"),
            "Package: kfsample\nVersion: 1.2.3\nArchitecture: amd64\nMaintainer: KmodForge <m@kmodforge.example>\nDescription: sample module\n");
        var extra = Path.Combine(tree, $"lib/modules/{Release}/extra");
        Directory.CreateDirectory(extra);
        File.Copy(SampleModule.KoPath, Path.Combine(extra, "kfsample.ko"));
        File.CreateSymbolicLink(Path.Combine(extra, "alias.ko"), "kfsample.ko");
        var deb = Path.Combine(dir, "k.deb");
        ExternalTool.Ok("dpkg-deb", "--root-owner-group", $"-Z{compression}", "--build", tree, deb);

        var reader = PackageReader.Open(deb);
        Assert.Equal(PackageFormat.Deb, reader.Format);
        var entries = reader.ListEntries();
        Assert.Contains(new PackageEntry("/lib", 0, 0b111_101_101, PackageEntryType.Directory, null), entries);
        Assert.Contains(new PackageEntry($"/lib/modules/{Release}/extra/alias.ko", 0, 0b111_111_111, PackageEntryType.Symlink, "kfsample.ko"), entries);
        Assert.Contains(new PackageEntry(ModuleInstallPath, new FileInfo(SampleModule.KoPath).Length, 0b110_100_100, PackageEntryType.File, null), entries);
        AssertExtractsTheModule(reader);
    }

    [Fact]
    public void Refuses_a_file_that_is_neither_deb_nor_rpm()
    {
        var path = Path.Combine(dir, "x.deb");
        File.WriteAllText(path, "not a package");
        var e = Assert.Throws<PackageReadException>(() => PackageReader.Open(path));
        Assert.Contains("neither a .deb", e.Message);
    }

    private void AssertExtractsTheModule(PackageReader reader)
    {
        var output = Path.Combine(dir, "out-" + Guid.NewGuid().ToString("N"));
        var module = Assert.Single(reader.ExtractModules(output));
        Assert.Equal(ModuleInstallPath, module.EntryPath);
        Assert.Equal(Path.Combine(output, ModuleInstallPath.TrimStart('/')), module.FilePath);
        Assert.Equal(FileHashing.Sha256Hex(SampleModule.KoPath), FileHashing.Sha256Hex(module.FilePath));
        Assert.Single(Directory.GetFiles(output, "*", SearchOption.AllDirectories));
    }
}
