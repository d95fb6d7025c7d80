using System.Text;
using KmodForge.Kernels;
using KmodForge.Matrix;

namespace KmodForge.Tests.Matrix;

/// <summary>The previous matrix is read through a small buffer: cut anywhere, it reads (and fails) as the whole file does.</summary>
public sealed class PreviousMatrixReaderTests
{
    private static PreviousMatrix Read(string json, int chunk) => PreviousMatrix.Read(new TrickleStream(Encoding.UTF8.GetBytes(json), chunk), "store previous.json");

    private static string Matrix(int kernels, string before = "", string after = "")
    {
        var json = new StringBuilder($$"""{{{before}}"format": 1, "driver_version": "v1.2.3", "kernels": {""");
        for (var i = 0; i < kernels; i++)
        {
            json.Append(i == 0 ? string.Empty : ", ").Append($$"""  "debian/13/x86_64/6.12.{{i}}\u002Bdeb13-amd64": "{{unchecked((ulong)i * 0x9E3779B97F4A7C15UL):x16}}" """);
        }

        return json.Append('}').Append(after).Append('}').ToString();
    }

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    [InlineData(64)]
    [InlineData(int.MaxValue)]
    public void Reads_every_key_whatever_the_stream_hands_out_at_a_time(int chunk)
    {
        var json = Matrix(3000, before: """ "comment": {"a": [1, "two", {"three": null}]}, """, after: """, "extra": [true, false] """);

        var previous = Read(json, chunk);

        Assert.Equal("v1.2.3", previous.DriverVersion);
        Assert.Equal(3000, previous.Count);
        Assert.True(previous.TryGetDigest("debian/13/x86_64/6.12.2999+deb13-amd64", out var digest));
        Assert.Equal(unchecked(2999UL * 0x9E3779B97F4A7C15UL), digest);
        Assert.Equal(PreviousMatrix.Read(new MemoryStream(Encoding.UTF8.GetBytes(json)), "x").Digests, previous.Digests);
    }

    [Fact]
    public void A_key_longer_than_the_buffer_is_read()
    {
        var key = "ubuntu/24.04/x86_64/" + new string('a', 200_000);
        var previous = Read("""{"format": 1, "driver_version": "v1", "kernels": {""" + $"\"{key}\": \"00000000000000ff\"" + "}}", 4096);

        Assert.True(previous.TryGetDigest(key, out var digest));
        Assert.Equal(255UL, digest);
    }

    [Theory]
    [InlineData("""{"format": 1, "driver_version": "v1", "kernels": {"a": "00000000000000ff", "b": 7}}""")]
    [InlineData("""{"format": 1, "driver_version": "v1", "kernels": {"a": "00000000000000ff", "b": "zz"}}""")]
    [InlineData("""{"format": 1, "driver_version": "v1", "kernels": {"a": "00000000000000ff",}}""")]
    [InlineData("""{"format": 1, "driver_version": "v1", "kernels": {"a": "00000000000000ff"}""")]
    [InlineData("""{"format": 1, "driver_version": "v1", "kernels": [1]}""")]
    [InlineData("""{"format": "1", "driver_version": "v1", "kernels": {}}""")]
    [InlineData("""{"format": 1, "driver_version": 1, "kernels": {}}""")]
    [InlineData("""{"format": 2, "driver_version": "v1", "kernels": {}}""")]
    [InlineData("""{"driver_version": "v1", "kernels": {}}""")]
    [InlineData("""{"format": 1, "driver_version": "v1",""")]
    [InlineData("""["format"]""")]
    [InlineData("""  """)]
    [InlineData("""{"format": 1, "driver_version": "v1", "kernels": {"a": "00000000000000ff"}, "x": {"y": [1, 2}}""")]
    public void A_corrupt_file_fails_with_the_same_message_at_every_cut(string json)
    {
        var whole = Assert.Throws<KernelListFormatException>(() => Read(json, int.MaxValue));
        Assert.StartsWith("store previous.json: ", whole.Message, StringComparison.Ordinal);

        foreach (var chunk in new[] { 1, 2, 5, 17 })
        {
            Assert.Equal(whole.Message, Assert.Throws<KernelListFormatException>(() => Read(json, chunk)).Message);
        }
    }

    /// <summary>A stream that hands out at most N bytes per read, like a slow network.</summary>
    private sealed class TrickleStream(byte[] data, int chunk) : MemoryStream(data)
    {
        public override int Read(byte[] buffer, int offset, int count) => base.Read(buffer, offset, Math.Min(count, chunk));
    }
}
