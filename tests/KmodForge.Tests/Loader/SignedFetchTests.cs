using KmodForge.Diagnostics;
using KmodForge.IO;
using KmodForge.Loader.Fetching;
using KmodForge.Net;
using KmodForge.Signing.Minisign;
using KmodForge.Tests.Support;

namespace KmodForge.Tests.Loader;

/// <summary>The loader's fetch verifies the signature before a package is kept, over HTTP and from the cache.</summary>
public sealed class SignedFetchTests : IDisposable
{
    private const string Tag = "v0.1.0";
    private const string File1 = "kmodforge-sample-debian-12-6.1.0-41-amd64_v0.1.0_amd64.deb";
    private readonly TempDirectory temp = new();
    private readonly HttpClient http = new(new RetryHandler(new RetryOptions { MaxAttempts = 2, BaseDelay = TimeSpan.FromMilliseconds(10) }));
    private readonly MinisignSecretKey key = MinisignSecretKey.Generate();

    private async Task<string> PublishAsync(byte[] content, bool sign = true)
    {
        var dir = temp.Combine("releases", Tag);
        Directory.CreateDirectory(dir);
        var path = Path.Combine(dir, File1);
        File.WriteAllBytes(path, content);
        File.WriteAllText(path + ".sha256", FileHashing.ChecksumLine(FileHashing.Sha256Hex(path), File1));
        if (sign)
        {
            File.WriteAllText(path + ".minisig", MinisignSignature.Create(key, await Prehash.OfFileAsync(path, CancellationToken.None), $"file:{File1}\tbuild:b1").FileText);
        }

        return path;
    }

    private PackageFetcher Fetcher(string releaseBase, string cache = "cache") =>
        new(http, releaseBase, temp.Combine(cache), NullBuildLog.Instance, new TrustedKeys([key.PublicKey]));

    [Fact]
    public async Task A_signed_package_is_fetched_over_http_and_names_the_key()
    {
        await PublishAsync([1, 2, 3]);
        await using var server = await LocalHttpServer.ServeDirectoryAsync(temp.Combine("releases"), _ => { });
        var fetcher = Fetcher(server.BaseAddress.AbsoluteUri);

        var path = await fetcher.FetchAsync(Tag, File1, CancellationToken.None);

        Assert.Equal([1, 2, 3], File.ReadAllBytes(path));
        Assert.Equal(key.PublicKey.Id, fetcher.SignatureKeyId);
    }

    [Fact]
    public async Task A_package_without_a_signature_is_refused_and_not_kept()
    {
        await PublishAsync([1, 2, 3], sign: false);

        var error = await Assert.ThrowsAsync<PackageSignatureException>(() => Fetcher(temp.Combine("releases")).FetchAsync(Tag, File1, CancellationToken.None));

        Assert.Equal(SignatureRefusal.Missing, error.Refusal);
        Assert.Empty(Directory.GetFiles(temp.Combine("cache"), "*", SearchOption.AllDirectories));
    }

    [Fact]
    public async Task A_package_replaced_with_its_checksum_is_refused_and_a_cached_copy_is_checked_again()
    {
        var path = await PublishAsync([1, 2, 3]);
        var cached = await Fetcher(temp.Combine("releases")).FetchAsync(Tag, File1, CancellationToken.None);

        // Whoever can write the release replaces the package and its checksum, but cannot sign.
        File.WriteAllBytes(path, [6, 6, 6]);
        File.WriteAllText(path + ".sha256", FileHashing.ChecksumLine(FileHashing.Sha256Hex(path), File1));
        var fresh = await Assert.ThrowsAsync<PackageSignatureException>(() => Fetcher(temp.Combine("releases"), "fresh").FetchAsync(Tag, File1, CancellationToken.None));

        // The same bytes planted in a node's cache are refused too, and removed.
        File.WriteAllBytes(cached, [6, 6, 6]);
        var fromCache = await Assert.ThrowsAsync<PackageSignatureException>(() => Fetcher(temp.Combine("releases")).FetchAsync(Tag, File1, CancellationToken.None));

        Assert.Equal(SignatureRefusal.TamperedPackage, fresh.Refusal);
        Assert.Empty(Directory.GetFiles(temp.Combine("fresh"), "*", SearchOption.AllDirectories));
        Assert.Equal(SignatureRefusal.TamperedPackage, fromCache.Refusal);
        Assert.False(File.Exists(cached));
    }

    public void Dispose()
    {
        key.Dispose();
        http.Dispose();
        temp.Dispose();
    }
}
