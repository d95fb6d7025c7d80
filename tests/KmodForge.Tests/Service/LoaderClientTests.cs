using KmodForge.Diagnostics;
using KmodForge.Loader.Fetching;
using KmodForge.Service;
using KmodForge.Targets;
using KmodForge.Tests.Service.Support;
using KmodForge.Tests.Support;

namespace KmodForge.Tests.Service;

/// <summary>The loader's build-service client against the real service: the two sides agree on the contract.</summary>
public sealed class LoaderClientTests : IDisposable
{
    private readonly TempDirectory dir = new("kmodforge-service");
    private readonly MemoryReleaseStore releases = new();

    [Fact]
    public async Task The_loader_client_requests_a_build_and_waits_until_it_is_done()
    {
        var runner = new RecordingRunner(releases);
        await using var service = await TestService.StartAsync(TestService.Settings(dir.Path, BuildBackendKind.Local), releases, runner: runner);
        var client = new BuildServiceClient(new HttpClient(), service.Client.BaseAddress!, TestService.Token, NullBuildLog.Instance);

        await client.WaitForPackageAsync(new BuildRequest("6.1.0-28-amd64", "x86_64", "debian", null, "v0.1.0"),
            TimeSpan.FromMinutes(1), TimeSpan.FromMilliseconds(50), CancellationToken.None);

        Assert.Equal(1, runner.Calls);
        // Asked again, the package is published: answered at once, nothing built.
        await client.WaitForPackageAsync(new BuildRequest("6.1.0-28-amd64", "x86_64", "debian", "12", "v0.1.0"),
            TimeSpan.FromMinutes(1), TimeSpan.FromMilliseconds(50), CancellationToken.None);
        Assert.Equal(1, runner.Calls);
    }

    [Fact]
    public async Task The_loader_client_reports_a_failed_build()
    {
        var runner = new RecordingRunner(releases) { Failure = new InvalidOperationException("no headers for 6.1.0-28-amd64") };
        await using var service = await TestService.StartAsync(TestService.Settings(dir.Path, BuildBackendKind.Local), releases, runner: runner);
        var client = new BuildServiceClient(new HttpClient(), service.Client.BaseAddress!, TestService.Token, NullBuildLog.Instance);

        var e = await Assert.ThrowsAsync<OnDemandBuildException>(() => client.WaitForPackageAsync(
            new BuildRequest("6.1.0-28-amd64", "x86_64", "debian", null, "v0.1.0"), TimeSpan.FromMinutes(1), TimeSpan.FromMilliseconds(50), CancellationToken.None));

        Assert.Contains("'error'", e.Message);
        Assert.Contains("no headers", e.Message);
    }

    public void Dispose() => dir.Dispose();
}
