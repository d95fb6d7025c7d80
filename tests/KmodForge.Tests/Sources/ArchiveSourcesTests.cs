using System.Formats.Tar;
using KmodForge.Packaging;
using KmodForge.Targets;
using KmodForge.Packaging.Reading;
using KmodForge.Packaging.Rpm;
using KmodForge.Sources;
using KmodForge.Tests.GitHub;
using KmodForge.Tests.Support;

namespace KmodForge.Tests.Sources;

[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class ArchiveSourcesTests : IDisposable
{
    private readonly TempDirectory temp = new("kmodforge-sources");
    private readonly RecordingLog log = new();

    private Task<string> Resolve(ModuleSourceKind kind, string path) =>
        new ModuleSourceResolver(log).ResolveAsync(new ModuleSourceSpec(kind, path), temp.Combine("work"), CancellationToken.None);

    private static void AssertSample(string directory)
    {
        foreach (var f in SourceFixtures.SampleFiles)
        {
            Assert.Equal(File.ReadAllBytes(Path.Combine(RepoPaths.Sample, f)), File.ReadAllBytes(Path.Combine(directory, f)));
        }
    }

    [Theory]
    [InlineData(PackageFormat.Deb, RpmPayloadCompression.Gzip)]
    [InlineData(PackageFormat.Rpm, RpmPayloadCompression.Gzip)]
    [InlineData(PackageFormat.Rpm, RpmPayloadCompression.Zstd)]
    public async Task A_dkms_package_gives_its_usr_src_directory_and_nothing_else(PackageFormat format, RpmPayloadCompression compression)
    {
        var package = SourceFixtures.Package(temp, format, ["kfsample-1.0"], compression);
        var directory = await Resolve(ModuleSourceKind.Package, package);
        AssertSample(directory);
        Assert.Equal(SourceFixtures.SampleFiles.Order(), Directory.GetFileSystemEntries(directory).Select(Path.GetFileName).Order());
        Assert.StartsWith(temp.Combine("work", "sources", "package-"), directory, StringComparison.Ordinal);
        Assert.Contains(log.Lines, l => l.Contains("(/usr/src/kfsample-1.0): extracted to", StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_same_package_again_is_not_extracted_again_and_no_temporary_directory_is_left()
    {
        var package = SourceFixtures.Package(temp, PackageFormat.Deb, ["kfsample-1.0"]);
        var first = await Resolve(ModuleSourceKind.Package, package);
        File.WriteAllText(Path.Combine(first, "marker"), "kept");
        var second = await Resolve(ModuleSourceKind.Package, package);
        Assert.Equal(first, second);
        Assert.True(File.Exists(Path.Combine(second, "marker")));
        Assert.Contains(log.Lines, l => l.Contains(": cached in " + first, StringComparison.Ordinal));
        Assert.Equal([first], Directory.GetDirectories(temp.Combine("work", "sources")));
    }

    [Fact]
    public async Task A_package_without_a_usr_src_directory_is_refused_naming_what_it_has()
    {
        var package = SourceFixtures.Package(temp, PackageFormat.Deb, []);
        var e = await Assert.ThrowsAsync<ModuleSourceException>(() => Resolve(ModuleSourceKind.Package, package));
        Assert.Contains("it has nothing under /usr/src", e.Message, StringComparison.Ordinal);
        Assert.Contains("/usr/src/<name>-<version>", e.Message, StringComparison.Ordinal);
        Assert.Empty(Directory.GetDirectories(temp.Combine("work", "sources")));
    }

    [Fact]
    public async Task A_package_with_two_module_sources_is_refused_naming_both()
    {
        var package = SourceFixtures.Package(temp, PackageFormat.Rpm, ["kfsample-1.0", "other-2.0"]);
        var e = await Assert.ThrowsAsync<ModuleSourceException>(() => Resolve(ModuleSourceKind.Package, package));
        Assert.Contains("/usr/src/'kfsample-1.0', /usr/src/'other-2.0'", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("kfsample-1.0.tar", "kfsample-1.0", "")]
    [InlineData("kfsample-1.0.tar.gz", "kfsample-1.0", "-z")]
    [InlineData("kfsample-1.0.tgz", null, "-z")]
    [InlineData("kfsample-1.0.tar.xz", "kfsample-1.0", "-J")]
    [InlineData("kfsample-1.0.tar.zst", "kfsample-1.0", "--zstd")]
    public async Task A_tarball_gives_its_single_top_directory_or_its_root(string name, string? top, string compressFlag)
    {
        var tarball = SourceFixtures.Tarball(temp, name, top, compressFlag);
        var directory = await Resolve(ModuleSourceKind.Tarball, tarball);
        AssertSample(directory);
        Assert.Equal(UnixFileMode.UserExecute, File.GetUnixFileMode(Path.Combine(directory, "prepare.sh")) & UnixFileMode.UserExecute);
        Assert.False(Directory.Exists(Path.Combine(directory, "kfsample-1.0")));
    }

    public static TheoryData<string, string> HostileEntries => new()
    {
        { "parent", "'..' component" },
        { "absolute", "absolute path" },
        { "symlink-out", "points outside the extraction root" },
        { "symlink-absolute", "points outside the extraction root" },
        { "through-link", "through the symlink" },
    };

    [Theory]
    [MemberData(nameof(HostileEntries))]
    public async Task A_tarball_escaping_its_tree_is_refused_and_leaves_nothing(string kind, string expected)
    {
        TarEntry[] hostile = kind switch
        {
            "parent" => [new PaxTarEntry(TarEntryType.RegularFile, "src/../../evil") { DataStream = new MemoryStream([1]) }],
            "absolute" => [new PaxTarEntry(TarEntryType.RegularFile, "/tmp/evil") { DataStream = new MemoryStream([1]) }],
            "symlink-out" => [new PaxTarEntry(TarEntryType.SymbolicLink, "src/up") { LinkName = "../../etc" }],
            "symlink-absolute" => [new PaxTarEntry(TarEntryType.SymbolicLink, "src/etc") { LinkName = "/etc" }],

            // A link inside the tree is fine; writing through it is not.
            _ => [new PaxTarEntry(TarEntryType.SymbolicLink, "src/here") { LinkName = "." }, new PaxTarEntry(TarEntryType.RegularFile, "src/here/x") { DataStream = new MemoryStream([1]) }],
        };
        var path = SourceFixtures.HostileTarball(temp, hostile);
        var e = await Assert.ThrowsAsync<UnsafePackageEntryException>(() => Resolve(ModuleSourceKind.Tarball, path));
        Assert.Contains(expected, e.Message, StringComparison.Ordinal);
        Assert.Empty(Directory.GetFileSystemEntries(temp.Combine("work", "sources")));
        Assert.False(File.Exists(Path.Combine(Path.GetTempPath(), "evil")));
    }

    [Fact]
    public async Task An_empty_tarball_is_refused()
    {
        var path = temp.Combine("empty.tar");
        using (var file = File.Create(path))
        using (new TarWriter(file))
        {
        }

        var e = await Assert.ThrowsAsync<ModuleSourceException>(() => Resolve(ModuleSourceKind.Tarball, path));
        Assert.Contains("is an empty tarball", e.Message, StringComparison.Ordinal);
    }

    public void Dispose() => temp.Dispose();
}
