using KmodForge.Kernels;

namespace KmodForge.Tests.Kernels;

/// <summary>The fast check of header URLs agrees with <see cref="Uri"/>, which it stands in for on the common shape.</summary>
public sealed class HeaderUrlTests
{
    public static TheoryData<string> Urls =>
    [
        "http://archive.ubuntu.com/ubuntu/pool/main/l/linux/linux-headers-6.8.0-48-generic_6.8.0-48.48_amd64.deb",
        "https://mirror.stream.centos.org/9-stream/AppStream/x86_64/os/Packages/kernel-devel-5.14.0-570.el9.x86_64.rpm",
        "https://cdn.amazonlinux.com:443/al2023/core/guids/abc/x86_64/../../../../blobstore/def/kernel-devel-6.1.1.rpm",
        "http://127.0.0.1:8080/pool/linux-headers.deb",
        "http://localhost/x",
        "http://a..b/x",
        "http://-bad.example/x",
        "http://bad-.example/x",
        "http://host:99999/x",
        "http://host:/x",
        "http://user:secret@host/x",
        "http://host",
        "http:///x",
        "ftp://host/x",
        "https://999.1.1.1/x",
        "https://" + new string('a', 64) + ".example/x",
        "https://xn--bcher-kva.example/%7Euser/file%20name.deb",
        "http://host.example/x?y=1#z",
        "HTTP://host.example/x",
    ];

    [Theory]
    [MemberData(nameof(Urls))]
    public void The_fast_path_accepts_only_what_Uri_accepts(string url)
    {
        var byUri = Uri.TryCreate(url, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps)
            && string.IsNullOrEmpty(uri.UserInfo);
        if (HeaderUrl.IsPlainHttpUrl(url))
        {
            Assert.True(byUri, $"{url}: the fast path accepts it, Uri does not");
        }

        Assert.Equal(byUri, HeaderUrl.Problem(url) is null);
    }

    [Fact]
    public void The_common_shapes_take_the_fast_path()
    {
        Assert.True(HeaderUrl.IsPlainHttpUrl("https://mirror.stream.centos.org/9-stream/BaseOS/kernel-devel-5.14.0-570.el9.x86_64.rpm"));
        Assert.True(HeaderUrl.IsPlainHttpUrl("http://archive.ubuntu.com:80/ubuntu/pool/x.deb"));
        Assert.False(HeaderUrl.IsPlainHttpUrl("http://user@archive.ubuntu.com/ubuntu/pool/x.deb"));
    }
}
