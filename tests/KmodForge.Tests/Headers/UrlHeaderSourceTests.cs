using KmodForge.Headers;
using KmodForge.Net;
using KmodForge.Targets;
using KmodForge.Tests.Support;
using Microsoft.AspNetCore.Http;

namespace KmodForge.Tests.Headers;

public sealed class UrlHeaderSourceTests
{
    private static readonly BuildTarget Fedora = BuildTarget.Create("fedora", null, "6.14.0-63.fc42.x86_64", "x86_64", "v1.0.0");
    private static readonly HttpClient Http = new(new RetryHandler(new RetryOptions { MaxAttempts = 2, BaseDelay = TimeSpan.FromMilliseconds(10) }));

    private static Task<LocalHttpServer> Mirror() => LocalHttpServer.StartAsync(ctx =>
    {
        ctx.Response.StatusCode = ctx.Request.Path.Value!.Contains("missing", StringComparison.Ordinal) ? 404 : 200;
        return Task.CompletedTask;
    });

    [Fact]
    public async Task Plans_a_checked_download_of_each_url_of_the_targets_package_format()
    {
        await using var mirror = await Mirror();
        var rpm = new Uri(mirror.BaseAddress, "pub/fedora/42/x86_64/Packages/k/kernel-devel-6.14.0-63.fc42.x86_64.rpm").AbsoluteUri;
        var deb = new Uri(mirror.BaseAddress, "pool/linux-headers-6.1.0-41-amd64_6.1.158-1_amd64.deb").AbsoluteUri;
        var source = new UrlHeaderSource(Http, new HeaderSourceSettings { HeaderUrls = [rpm, deb] });

        var answer = await source.ResolveAsync(Fedora, "unused", CancellationToken.None);

        var download = Assert.Single(answer.Plan!.Downloads);
        Assert.Equal("kernel-devel-6.14.0-63.fc42.x86_64.rpm", download.FileName);
        Assert.Contains("dnf -y install --setopt=install_weak_deps=False /tmp/kmodforge-headers/kernel-devel-6.14.0-63.fc42.x86_64.rpm", answer.Plan.InstallScript, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_url_that_answers_404_is_reported_with_the_url_and_status()
    {
        await using var mirror = await Mirror();
        var url = new Uri(mirror.BaseAddress, "missing/kernel-devel-6.14.0-63.fc42.x86_64.rpm").AbsoluteUri;

        var answer = await new UrlHeaderSource(Http, new HeaderSourceSettings { HeaderUrls = [url] }).ResolveAsync(Fedora, "unused", CancellationToken.None);

        Assert.Null(answer.Plan);
        Assert.Contains("HTTP 404", answer.Attempt.Answer, StringComparison.Ordinal);
        Assert.Contains("missing/kernel-devel-6.14.0-63.fc42.x86_64.rpm", answer.Attempt.Answer, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("http://mirror/$(reboot).rpm")]
    [InlineData("file:///etc/shadow")]
    [InlineData("http://user:pw@mirror/k.rpm")]
    [InlineData("http://mirror/a b.rpm")]
    public async Task Urls_that_are_not_plain_http_are_refused_before_any_request(string url)
    {
        var answer = await new UrlHeaderSource(Http, new HeaderSourceSettings { HeaderUrls = [url] }).ResolveAsync(Fedora, "unused", CancellationToken.None);

        Assert.Null(answer.Plan);
        Assert.Contains("URL", answer.Attempt.Answer, StringComparison.Ordinal);
    }

    [Fact]
    public void Crawler_urls_with_dot_dot_segments_resolve_to_a_canonical_url()
    {
        var (url, problem) = HttpUrls.Parse("http://amazonlinux.us-east-1.amazonaws.com/2/extras/kernel-5.10/stable/x86_64/9e25/../../../../../../blobstore/6922/kernel-devel-5.10.118-111.515.amzn2.x86_64.rpm");

        Assert.Null(problem);
        Assert.Equal("http://amazonlinux.us-east-1.amazonaws.com/blobstore/6922/kernel-devel-5.10.118-111.515.amzn2.x86_64.rpm", url!.AbsoluteUri);
    }
}
