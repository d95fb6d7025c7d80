using System.Text;
using KmodForge.Matrix;
using Xunit;

namespace KmodForge.Tests.Matrix;

public class PreviousDigestTableTests
{
    [Fact]
    public void Finds_every_key_it_was_given_and_no_other_as_it_grows()
    {
        // Sized for 4 keys and given 5,000: the index and the key bytes grow as a dictionary would.
        var table = new PreviousDigestTable(16, 4);
        var expected = new Dictionary<string, ulong>(StringComparer.Ordinal);
        for (var i = 0; i < 5000; i++)
        {
            var key = $"debian/12/x86_64/6.1.0-{i}-amd64";
            table.Set(Encoding.UTF8.GetBytes(key), (ulong)i * 7919);
            expected[key] = (ulong)i * 7919;
        }

        Assert.Equal(5000, table.Count);
        foreach (var (key, digest) in expected)
        {
            Assert.True(table.TryGetValue(key, out var found), key);
            Assert.Equal(digest, found);
        }

        Assert.False(table.TryGetValue("debian/12/x86_64/6.1.0-5000-amd64", out _));
        Assert.False(table.TryGetValue(string.Empty, out _));
        Assert.Equal(expected, table.ToDictionary());
    }

    [Fact]
    public void A_key_given_twice_keeps_its_last_digest()
    {
        var table = new PreviousDigestTable(64, 2);
        table.Set("ubuntu/24.04/x86_64/6.8.0-48-generic"u8, 1);
        table.Set("ubuntu/24.04/x86_64/6.8.0-48-generic"u8, 2);

        Assert.Equal(1, table.Count);
        Assert.True(table.TryGetValue("ubuntu/24.04/x86_64/6.8.0-48-generic", out var digest));
        Assert.Equal(2UL, digest);
    }

    [Fact]
    public void TryAdd_keeps_the_first_digest_and_finds_keys_by_their_hash()
    {
        var table = new PreviousDigestTable(16, 1);
        var key = "fedora/42/x86_64/6.14.0-63.fc42.x86_64"u8;
        var hash = PreviousDigestTable.Hash(key);

        Assert.True(table.TryAdd(key, hash, 1));
        Assert.False(table.TryAdd(key, hash, 2));
        Assert.True(table.TryAdd("fedora/43/x86_64/6.14.0-63.fc43.x86_64"u8, PreviousDigestTable.Hash("fedora/43/x86_64/6.14.0-63.fc43.x86_64"u8), 3));

        Assert.Equal(2, table.Count);
        Assert.True(table.TryGetValue(key, hash, out var digest));
        Assert.Equal(1UL, digest);
        Assert.True(table.TryGetValue("fedora/42/x86_64/6.14.0-63.fc42.x86_64", out digest));
        Assert.Equal(1UL, digest);
        Assert.False(table.TryGetValue("fedora/42/x86_64/6.14.0-63.fc42.x86_6"u8, PreviousDigestTable.Hash("fedora/42/x86_64/6.14.0-63.fc42.x86_6"u8), out _));
    }

    [Fact]
    public void A_previous_matrix_with_escaped_and_non_ascii_keys_is_looked_up_by_their_text()
    {
        // The writer escapes '+' (\u002B); a hand-edited file may escape anything, or hold non-ASCII text.
        const string json = """{"format": 1, "driver_version": "v1", "kernels": {"debian/13/x86_64/6.12.38\u002Bdeb13-amd64": "00000000000000ff", "x/\u00e9/\ud83d\ude00": "0000000000000001"}}""";
        var previous = PreviousMatrix.Read(new MemoryStream(Encoding.UTF8.GetBytes(json)), "test");

        Assert.Equal(2, previous.Count);
        Assert.True(previous.TryGetDigest("debian/13/x86_64/6.12.38+deb13-amd64", out var digest));
        Assert.Equal(255UL, digest);
        Assert.True(previous.TryGetDigest("x/é/😀", out digest));
        Assert.Equal(1UL, digest);
        Assert.False(previous.TryGetDigest("debian/13/x86_64/6.12.38\\u002Bdeb13-amd64", out _));
        Assert.Equal(["debian/13/x86_64/6.12.38+deb13-amd64", "x/é/😀"], previous.Digests.Keys.Order(StringComparer.Ordinal));
    }
}

public class HeaderDigestTests
{
    [Theory]
    [InlineData("")]
    [InlineData("https://a/linux-headers-6.1.0-28-amd64_6.1.119-1_amd64.deb")]
    [InlineData("https://a/1.deb https://a/2.deb https://a/é.deb")]
    public void The_digest_of_header_urls_is_xxhash64_of_each_url_and_a_newline(string urls)
    {
        var headers = urls.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        // The stored previous matrices hold these values: the digest must not change with how it is computed.
        var expected = System.IO.Hashing.XxHash64.HashToUInt64(Encoding.UTF8.GetBytes(string.Concat(headers.Select(h => h + "\n"))));

        Assert.Equal(expected, MatrixBuilder.Digest(headers));
        Assert.Equal(0xef46db3751d8e999UL, MatrixBuilder.Digest([]));
    }
}
