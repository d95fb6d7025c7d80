using KmodForge.Diagnostics;
using KmodForge.IO;
using KmodForge.Loader.Fetching;
using KmodForge.Net;
using KmodForge.Publishing;
using KmodForge.Tests.Support;
using Microsoft.AspNetCore.Http;

namespace KmodForge.Tests.Loader;

public sealed class PackageFetcherTests : IDisposable
{
    private const string Tag = "v0.1.0";
    private const string File1 = "kmodforge-sample-debian-12-6.1.0-41-amd64_v0.1.0_amd64.deb";
    private readonly TempDirectory temp = new();
    private readonly HttpClient http = new(new RetryHandler(new RetryOptions { MaxAttempts = 2, BaseDelay = TimeSpan.FromMilliseconds(10) }));

    private string Publish(string root, byte[] content, byte[]? served = null)
    {
        var dir = Path.Combine(root, Tag);
        Directory.CreateDirectory(dir);
        File.WriteAllBytes(Path.Combine(dir, File1), content);
        File.WriteAllText(Path.Combine(dir, File1 + ".sha256"), FileHashing.ChecksumLine(FileHashing.Sha256Hex(Path.Combine(dir, File1)), File1));
        if (served is not null)
        {
            File.WriteAllBytes(Path.Combine(dir, File1), served);
        }

        return root;
    }

    private static Task<LocalHttpServer> Serve(string root, List<string> requests) => LocalHttpServer.ServeDirectoryAsync(root, requests.Add);

    [Fact]
    public async Task Downloads_verifies_and_caches_so_the_next_boot_does_not_download_again()
    {
        var requests = new List<string>();
        await using var server = await Serve(Publish(temp.Combine("releases"), [1, 2, 3]), requests);
        var fetcher = new PackageFetcher(http, server.BaseAddress.AbsoluteUri, temp.Combine("cache"), NullBuildLog.Instance, null);

        var first = await fetcher.FetchAsync(Tag, File1, CancellationToken.None);
        var second = await fetcher.FetchAsync(Tag, File1, CancellationToken.None);

        Assert.Equal(first, second);
        Assert.Equal([1, 2, 3], File.ReadAllBytes(first));
        Assert.Equal(1, requests.Count(r => r.EndsWith(".deb", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task A_tampered_package_is_refused_and_not_left_in_the_cache()
    {
        var requests = new List<string>();
        await using var server = await Serve(Publish(temp.Combine("releases"), [1, 2, 3], served: [6, 6, 6]), requests);
        var fetcher = new PackageFetcher(http, server.BaseAddress.AbsoluteUri, temp.Combine("cache"), NullBuildLog.Instance, null);

        var error = await Assert.ThrowsAsync<ChecksumMismatchException>(() => fetcher.FetchAsync(Tag, File1, CancellationToken.None));

        Assert.Contains("refusing to install", error.Message, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(temp.Combine("cache"), Tag, File1)));
    }

    [Fact]
    public async Task A_missing_package_is_reported_as_not_found_over_http_and_from_a_directory()
    {
        var requests = new List<string>();
        await using var server = await Serve(temp.Combine("empty"), requests);

        await Assert.ThrowsAsync<PackageNotFoundException>(() =>
            new PackageFetcher(http, server.BaseAddress.AbsoluteUri, temp.Combine("c1"), NullBuildLog.Instance, null).FetchAsync(Tag, File1, CancellationToken.None));
        await Assert.ThrowsAsync<PackageNotFoundException>(() =>
            new PackageFetcher(http, temp.Combine("empty"), temp.Combine("c2"), NullBuildLog.Instance, null).FetchAsync(Tag, File1, CancellationToken.None));
    }

    [Fact]
    public async Task A_local_directory_store_works_like_a_url()
    {
        var root = Publish(temp.Combine("releases"), [9, 9]);

        var path = await new PackageFetcher(http, root, temp.Combine("cache"), NullBuildLog.Instance, null).FetchAsync(Tag, File1, CancellationToken.None);

        Assert.Equal([9, 9], File.ReadAllBytes(path));
    }

    public void Dispose()
    {
        http.Dispose();
        temp.Dispose();
    }
}
