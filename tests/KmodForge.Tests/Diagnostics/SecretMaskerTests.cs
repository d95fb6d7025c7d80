using KmodForge.Diagnostics;

namespace KmodForge.Tests.Diagnostics;

public sealed class SecretMaskerTests
{
    [Fact]
    public void Masks_every_occurrence_preferring_the_longest_secret()
    {
        var masker = new SecretMasker();
        masker.Add("abcdefgh");
        masker.Add("abcdefghijkl");

        Assert.Equal("*** and *** and ***x", masker.Apply("abcdefghijkl and abcdefgh and abcdefghx"));
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
        masker.Add("token-12");
        masker.Add("token-12");

        Assert.Equal(["token-12"], added);
        Assert.Equal("a b", masker.Apply("a b"));
    }

    [Fact]
    public void Never_masks_values_too_short_to_be_secret_so_paths_stay_readable()
    {
        var masker = new SecretMasker();

        masker.Add("t");
        masker.Add("1234567");

        Assert.Empty(masker.Secrets);
        Assert.Equal("/tmp/kmodforge/1234567", masker.Apply("/tmp/kmodforge/1234567"));
    }
}
