using KmodForge.Service;
using KmodForge.Tests.Service.Support;
using KmodForge.Tests.Support;

namespace KmodForge.Tests.Service;

/// <summary>The service's status page (GET /) in headless Chromium at 1280 and 390 px; screenshots in the test output's screenshots/.</summary>
public sealed class ServicePagesBrowserTests : IDisposable
{
    private readonly TempDirectory dir = new("kmodforge-service");
    private readonly MemoryReleaseStore releases = new();

    [BrowserFact]
    public async Task The_status_page_lists_the_queue_the_running_build_and_the_recent_builds_and_filters_by_kernel()
    {
        var runner = new RecordingRunner(releases);
        await using var service = await TestService.StartAsync(TestService.Settings(dir.Path, BuildBackendKind.Local), releases, runner: runner);
        await service.WaitForStatusAsync(await service.SubmitAsync(TestService.Request(kernel: "6.1.0-28-amd64")), "done");
        runner.Failure = new InvalidOperationException("make: *** [Makefile:6: modules] Error 2");
        await service.WaitForStatusAsync(await service.SubmitAsync(TestService.Request(kernel: "6.1.0-29-amd64")), "error");
        runner.Failure = null;
        runner.Gate = new(TaskCreationOptions.RunContinuationsAsynchronously);
        await service.WaitForStatusAsync(await service.SubmitAsync(TestService.Request(kernel: "6.1.0-30-amd64")), "in_progress");
        await service.SubmitAsync(TestService.Request(kernel: "6.1.0-31-amd64"));

        var page = await service.Client.GetStringAsync(string.Empty);
        var views = BrowserPage.Open(service.Client.BaseAddress!.AbsoluteUri, "service-status", "tr[data-kernel]", "#filter", "6.1.0-29-amd64");
        runner.Gate.SetResult();

        Assert.Contains("<h2>Queue (1)</h2>", page, StringComparison.Ordinal);
        Assert.Contains("<h2>In progress (1)</h2>", page, StringComparison.Ordinal);
        Assert.Contains("<h2>Recent builds (2)</h2>", page, StringComparison.Ordinal);
        Assert.Contains("Error 2", page, StringComparison.Ordinal);
        Assert.Contains("href=\"https://releases.example/v0.1.0-debian-12-x86_64/kmodforge-sample-debian-12-6.1.0-28-amd64_v0.1.0_amd64.deb\"", page, StringComparison.Ordinal);
        Assert.DoesNotContain(TestService.Token, page, StringComparison.Ordinal);
        foreach (var view in views)
        {
            Assert.Equal(200, view.Status);
            Assert.Empty(view.ConsoleErrors);
            Assert.Equal(4, view.Rows);
            Assert.Equal(["6.1.0-29-amd64"], view.VisibleAfterSearch);
        }
    }

    [Fact]
    public async Task The_status_page_encodes_what_it_shows()
    {
        var runner = new RecordingRunner(releases) { Failure = new InvalidOperationException("<script>alert(1)</script>") };
        await using var service = await TestService.StartAsync(TestService.Settings(dir.Path, BuildBackendKind.Local), releases, runner: runner);
        await service.WaitForStatusAsync(await service.SubmitAsync(TestService.Request()), "error");

        using var response = await service.Client.GetAsync(string.Empty);
        var page = await response.Content.ReadAsStringAsync();

        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("&lt;script&gt;alert(1)&lt;/script&gt;", page, StringComparison.Ordinal);
        Assert.DoesNotContain("<script>alert(1)", page, StringComparison.Ordinal);
    }

    public void Dispose() => dir.Dispose();
}
