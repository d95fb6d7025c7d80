using KmodForge.Diagnostics;

namespace KmodForge.Tests.Diagnostics;

public sealed class SecretMaskerTests
{
    [Fact]
    public void Masks_every_occurrence_preferring_the_longest_secret()
    {
        var masker = new SecretMasker();
        masker.Add("abc");
        masker.Add("abcdef");

        Assert.Equal("*** and *** and ***x", masker.Apply("abcdef and abc and abcx"));
    }

    [Fact]
    public void A_multi_line_secret_is_masked_line_by_line()
    {
        var masker = new SecretMasker();
        var added = new List<string>();
        masker.SecretAdded += added.Add;

        masker.Add("-----BEGIN KEY-----\nAAAABBBB\n-----END KEY-----");

        Assert.Equal(["-----BEGIN KEY-----", "AAAABBBB", "-----END KEY-----"], added);
        Assert.Equal("key: ***", masker.Apply("key: AAAABBBB"));
    }

    [Fact]
    public void Ignores_empty_values_and_announces_each_secret_once()
    {
        var masker = new SecretMasker();
        var added = new List<string>();
        masker.SecretAdded += added.Add;

        masker.Add(null);
        masker.Add("   ");
        masker.Add("token-1");
        masker.Add("token-1");

        Assert.Equal(["token-1"], added);
        Assert.Equal("a b", masker.Apply("a b"));
    }
}
