using KmodForge.IO;
using KmodForge.Tests.Support;

namespace KmodForge.Tests.IO;

public sealed class AtomicFileTests
{
    [Fact]
    public void A_failed_write_keeps_the_old_content_and_leaves_no_temporary_file()
    {
        using var temp = new TempDirectory();
        var path = temp.Combine("kernels.json");
        AtomicFile.WriteAllText(path, "old");

        Assert.Throws<InvalidOperationException>(() => AtomicFile.Write(path, stream =>
        {
            stream.Write("new, half"u8);
            throw new InvalidOperationException("disk full");
        }));

        Assert.Equal("old", File.ReadAllText(path));
        Assert.Equal([path], Directory.GetFiles(temp.Path));
    }

    [Fact]
    public void Checksum_lines_round_trip_in_sha256sum_format()
    {
        using var temp = new TempDirectory();
        var path = temp.Combine("a.deb");
        File.WriteAllText(path, "abc");
        var hex = FileHashing.Sha256Hex(path);

        var line = FileHashing.ChecksumLine(hex, "a.deb");

        Assert.Equal("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad  a.deb\n", line);
        Assert.Equal(hex, FileHashing.ParseChecksumLine(line));
        Assert.Throws<FormatException>(() => FileHashing.ParseChecksumLine("not-a-digest  a.deb"));
    }
}
