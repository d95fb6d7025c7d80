using KmodForge.Modules;

namespace KmodForge.Tests.Modules;

public sealed class ElfParsingTests
{
    private static readonly string[] Modinfo = ["license=GPL", "vermagic=6.1.0-28-amd64 SMP preempt mod_unload", "alias=pci:v1", "alias=pci:v2", "depends=a,b", "name=demo"];

    [Theory]
    [InlineData(true, false)]
    [InlineData(true, true)]
    [InlineData(false, false)]
    [InlineData(false, true)]
    public void Reads_modinfo_from_elf32_and_elf64_in_both_byte_orders(bool is64, bool bigEndian)
    {
        var bytes = TestElfBuilder.Build(is64, bigEndian, 22, Modinfo);

        var info = ModuleReader.Read(bytes, "/x/demo.ko");

        Assert.Equal(is64, info.Is64Bit);
        Assert.Equal(bigEndian, info.IsBigEndian);
        Assert.Equal(22, info.ElfMachine);
        Assert.Equal("demo", info.Name);
        Assert.Equal("GPL", info.License);
        Assert.Equal(["pci:v1", "pci:v2"], info.Fields["alias"]);
        Assert.Equal(["a", "b"], info.Depends);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Follows_extended_section_numbering(bool is64)
    {
        var info = ModuleReader.Read(TestElfBuilder.Build(is64, false, 62, Modinfo, extendedNumbering: true), "demo.ko");

        Assert.Equal("6.1.0-28-amd64 SMP preempt mod_unload", info.Vermagic);
    }

    [Fact]
    public void Takes_the_name_from_the_file_when_modinfo_has_none()
    {
        var info = ModuleReader.Read(TestElfBuilder.Build(true, false, 62, ["license=GPL"]), "/lib/modules/x/my_mod.ko.zst");

        Assert.Equal("my_mod", info.Name);
    }

    [Fact]
    public void Splits_modinfo_on_nul_skipping_padding_and_strings_without_a_key()
    {
        var fields = ModuleReader.ParseModinfo("\0\0license=GPL\0\0noequals\0=novalue\0parm=a:x=y\0parm=b:z\0"u8);

        Assert.Equal(["GPL"], fields["license"]);
        Assert.Equal(["a:x=y", "b:z"], fields["parm"]);
        Assert.Equal(2, fields.Count);
    }

    [Fact]
    public void Every_truncation_of_a_module_gives_a_clear_error_never_an_index_error()
    {
        var bytes = TestElfBuilder.Build(true, false, 62, Modinfo);
        for (var length = 0; length < bytes.Length; length++)
        {
            var e = Assert.Throws<ModuleVerificationException>(() => ModuleReader.Read(bytes.AsMemory(0, length), "cut.ko"));
            Assert.StartsWith("cut.ko: not a readable kernel module: ", e.Message);
            Assert.IsType<InvalidDataException>(e.InnerException);
        }
    }

    [Fact]
    public void Corrupted_headers_give_clear_errors_never_an_index_error()
    {
        var original = TestElfBuilder.Build(false, true, 62, Modinfo);
        var random = new Random(7);
        for (var i = 0; i < 2000; i++)
        {
            var bytes = (byte[])original.Clone();
            bytes[4 + random.Next(bytes.Length - 4)] = (byte)random.Next(256);
            bytes[4 + random.Next(bytes.Length - 4)] = (byte)random.Next(256);
            try
            {
                ModuleReader.Read(bytes, "fuzz.ko");
            }
            catch (ModuleVerificationException e)
            {
                Assert.Contains("fuzz.ko", e.Message);
            }
        }
    }

    [Theory]
    [InlineData(new byte[] { 1, 2, 3 }, "ELF magic")]
    [InlineData(new byte[] { 0x7F, 0x45, 0x4C, 0x46, 3, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0 }, "ELF class is 3")]
    [InlineData(new byte[] { 0x7F, 0x45, 0x4C, 0x46, 2, 9, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0 }, "data encoding is 9")]
    public void Names_what_is_wrong_with_a_non_elf_file(byte[] bytes, string expected)
    {
        var e = Assert.Throws<ModuleVerificationException>(() => ModuleReader.Read(bytes, "bad.ko"));

        Assert.Contains(expected, e.Message);
    }

    [Fact]
    public void Refuses_an_elf_without_modinfo()
    {
        var bytes = TestElfBuilder.Build(true, false, 62, Modinfo);
        bytes[bytes.Length - 128] = 0; // section 1's name offset → "" instead of ".modinfo"

        var e = Assert.Throws<ModuleVerificationException>(() => ModuleReader.Read(bytes, "plain.o"));

        Assert.Contains("no .modinfo section", e.Message);
    }

    [Fact]
    public void Refuses_an_elf_executable()
    {
        var bytes = TestElfBuilder.Build(true, false, 62, Modinfo);
        bytes[16] = 2; // ET_EXEC

        var e = Assert.Throws<ModuleVerificationException>(() => ModuleReader.Read(bytes, "prog"));

        Assert.Contains("ET_REL", e.Message);
    }

    [Fact]
    public void Refuses_corrupt_compressed_input_clearly()
    {
        var path = Path.Combine(Directory.CreateTempSubdirectory("kmodforge-elf-").FullName, "x.ko.xz");
        File.WriteAllBytes(path, [0xFD, 0x37, 0x7A, 0x58, 0x5A, 0x00, 1, 2, 3, 4, 5, 6, 7, 8]);
        try
        {
            var e = Assert.Throws<ModuleVerificationException>(() => ModuleReader.Read(path));

            Assert.Contains("xz-compressed but does not decompress", e.Message);
        }
        finally
        {
            Directory.Delete(Path.GetDirectoryName(path)!, recursive: true);
        }
    }

    [Fact]
    public void Reports_a_missing_file_with_its_path()
    {
        var e = Assert.Throws<ModuleVerificationException>(() => ModuleReader.Read("/nonexistent/kmodforge/x.ko"));

        Assert.Contains("/nonexistent/kmodforge/x.ko", e.Message);
    }
}
