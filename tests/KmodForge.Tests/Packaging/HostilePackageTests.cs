using System.Formats.Tar;
using System.IO.Compression;
using KmodForge.Errors;
using KmodForge.Packaging.Reading;
using KmodForge.Packaging.Rpm;
using KmodForge.Targets;

namespace KmodForge.Tests.Packaging;

/// <summary>Hostile .deb and .rpm files are refused with an error naming the entry, and nothing is extracted.</summary>
public sealed class HostilePackageTests : IDisposable
{
    private readonly string dir = Directory.CreateTempSubdirectory("kmodforge-hostile-").FullName;

    public void Dispose() => Directory.Delete(dir, recursive: true);

    public static TheoryData<string, string, string, string> HostileEntries => new()
    {
        // kind, entry name, link target, expected words in the error
        { "file", "/etc/cron.d/evil.ko", "", "absolute path" },
        { "file", "./lib/modules/../../../etc/evil.ko", "", "'..' component" },
        { "symlink", "./lib/modules/evil.ko", "../../../etc/shadow", "points outside the extraction root" },
        { "symlink", "./lib/modules/abs.ko", "/etc/shadow", "points outside the extraction root" },
    };

    /// <summary>The .deb cases plus a tar hard link (cpio has no named hard-link targets: links are tied by inode).</summary>
    public static TheoryData<string, string, string, string> HostileDebEntries
    {
        get
        {
            var data = HostileEntries;
            data.Add("hardlink", "./lib/modules/hard.ko", "../etc/shadow", "points outside the extraction root");
            return data;
        }
    }

    [Theory]
    [MemberData(nameof(HostileDebEntries))]
    public void Refuses_hostile_entries_in_a_deb(string kind, string name, string target, string expected)
    {
        var deb = Deb(tar =>
        {
            tar.WriteEntry(new GnuTarEntry(TarEntryType.Directory, "./lib/modules/"));
            tar.WriteEntry(kind switch
            {
                "symlink" => new GnuTarEntry(TarEntryType.SymbolicLink, name) { LinkName = target },
                "hardlink" => new GnuTarEntry(TarEntryType.HardLink, name) { LinkName = target },
                _ => new GnuTarEntry(TarEntryType.RegularFile, name) { DataStream = new MemoryStream("evil"u8.ToArray()) },
            });
        });
        AssertRefused(deb, name, expected);
    }

    [Theory]
    [MemberData(nameof(HostileEntries))]
    public void Refuses_hostile_entries_in_an_rpm(string kind, string name, string target, string expected)
    {
        var rpm = Rpm(cpio =>
        {
            cpio.WriteEntry("./lib/modules", 1, 0x41ED, 2, 0, []);
            if (kind == "symlink")
            {
                cpio.WriteEntry(name, 2, 0xA1FF, 1, 0, System.Text.Encoding.UTF8.GetBytes(target));
            }
            else
            {
                cpio.WriteEntry(name, 2, 0x81A4, 1, 0, "evil"u8);
            }
        });
        AssertRefused(rpm, name, expected);
    }

    [Fact]
    public void Refuses_entries_over_the_size_limits_naming_them()
    {
        var rpm = Path.Combine(dir, "k.rpm");
        new RpmPackageWriter().Write(TestPackages.RpmSpec(SampleModule.KoPath, SampleModule.KernelRelease), rpm);
        var size = new FileInfo(SampleModule.KoPath).Length;
        var entry = $"./lib/modules/{SampleModule.KernelRelease}/extra/kfsample.ko";

        var perFile = Assert.Throws<UnsafePackageEntryException>(() => PackageReader.Open(rpm, new PackageReadLimits { MaxEntrySize = size - 1 }).ListEntries());
        Assert.Equal(entry, perFile.EntryName);
        Assert.Contains($"over the limit of {size - 1} bytes per entry", perFile.Message);

        var total = Assert.Throws<UnsafePackageEntryException>(() => PackageReader.Open(rpm, new PackageReadLimits { MaxTotalSize = 1000 }).ExtractModules(Path.Combine(dir, "out")));
        Assert.Equal(entry, total.EntryName);
        Assert.Contains("over the limit of 1000 bytes in total", total.Message);
        Assert.Empty(Directory.GetFiles(Path.Combine(dir, "out"), "*", SearchOption.AllDirectories));
    }

    [Fact]
    public void Refuses_a_deb_whose_declared_size_is_over_the_limit_without_reading_it()
    {
        var deb = Deb(tar => tar.WriteEntry(new GnuTarEntry(TarEntryType.RegularFile, "./big.ko") { DataStream = new MemoryStream(new byte[4096]) }));
        var e = Assert.Throws<UnsafePackageEntryException>(() => PackageReader.Open(deb, new PackageReadLimits { MaxEntrySize = 4095 }).ListEntries());
        Assert.Equal("./big.ko", e.EntryName);
    }

    [Fact]
    public void Reports_a_corrupt_payload_as_one_clear_error()
    {
        var rpm = Path.Combine(dir, "k.rpm");
        new RpmPackageWriter().Write(TestPackages.RpmSpec(SampleModule.KoPath, SampleModule.KernelRelease), rpm);
        var bytes = File.ReadAllBytes(rpm);
        bytes[^8] ^= 0xFF; // the gzip trailer's CRC32
        File.WriteAllBytes(rpm, bytes);
        var e = Assert.Throws<PackageReadException>(() => PackageReader.Open(rpm).ListEntries());
        Assert.Contains("corrupt payload", e.Message);
    }

    private void AssertRefused(string package, string entryName, string expected)
    {
        var output = Path.Combine(dir, "out");
        var reader = PackageReader.Open(package);
        var listing = Assert.Throws<UnsafePackageEntryException>(reader.ListEntries);
        Assert.Equal(entryName, listing.EntryName);
        Assert.Contains(expected, listing.Message);
        Assert.Contains(Printable.Quote(entryName), listing.Message);
        Assert.Throws<UnsafePackageEntryException>(() => reader.ExtractModules(output));
        Assert.Empty(Directory.GetFiles(output, "*", SearchOption.AllDirectories));
        Assert.False(File.Exists("/etc/cron.d/evil.ko"));
    }

    /// <summary>A .deb assembled by the real <c>ar</c> from a data.tar.gz written entry by entry (dpkg-deb refuses to build these).</summary>
    private string Deb(Action<TarWriter> data)
    {
        var work = Path.Combine(dir, "deb-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(work);
        File.WriteAllText(Path.Combine(work, "debian-binary"), "2.0\n");
        WriteTarGz(Path.Combine(work, "control.tar.gz"), tar => tar.WriteEntry(new GnuTarEntry(TarEntryType.RegularFile, "./control")
        {
            DataStream = new MemoryStream("Package: evil\nVersion: 1\nArchitecture: amd64\nMaintainer: x <x@x>\nDescription: x\n"u8.ToArray()),
        }));
        WriteTarGz(Path.Combine(work, "data.tar.gz"), data);
        var deb = Path.Combine(work, "evil.deb");
        ExternalTool.Ok("ar", "rcD", deb, Path.Combine(work, "debian-binary"), Path.Combine(work, "control.tar.gz"), Path.Combine(work, "data.tar.gz"));
        return deb;
    }

    private static void WriteTarGz(string path, Action<TarWriter> write)
    {
        using var file = File.Create(path);
        using var gzip = new GZipStream(file, CompressionLevel.Fastest);
        using var tar = new TarWriter(gzip, TarEntryFormat.Gnu);
        write(tar);
    }

    /// <summary>An .rpm with a hand-made cpio payload (our writer refuses such paths) and a minimal header.</summary>
    private string Rpm(Action<CpioNewcWriter> payload)
    {
        var cpio = new MemoryStream();
        var writer = new CpioNewcWriter(cpio);
        payload(writer);
        writer.WriteTrailer();
        var compressed = RpmPayloadCompression.Gzip.Compress(cpio.ToArray());
        var header = new RpmHeaderBuilder(RpmTags.HeaderImmutable)
            .String(RpmTags.Name, "evil").String(RpmTags.Version, "1").String(RpmTags.Release, "1")
            .String(RpmTags.PayloadFormat, "cpio").String(RpmTags.PayloadCompressor, "gzip").Build();
        var signature = RpmPackageWriter.BuildSignature(header, compressed, cpio.Length);
        var path = Path.Combine(dir, $"evil-{Guid.NewGuid():N}.rpm");
        using var file = File.Create(path);
        file.Write(RpmLead.Build("evil-1-1", Architecture.X86_64));
        file.Write(signature);
        file.Write(new byte[(8 - (signature.Length % 8)) % 8]);
        file.Write(header);
        file.Write(compressed);
        return path;
    }
}
