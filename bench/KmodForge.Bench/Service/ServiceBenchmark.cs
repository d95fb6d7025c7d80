using System.Net.Http.Headers;
using System.Text;
using KmodForge.Configuration;
using KmodForge.Naming;
using KmodForge.Pipeline;
using KmodForge.Publishing;
using KmodForge.Service;
using KmodForge.Service.Hosting;
using KmodForge.Targets;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace KmodForge.Bench.Service;

/// <summary>Settings of the service benchmark.</summary>
public sealed class ServiceBenchmarkSettings
{
    [Setting("workers", "Concurrent client loops.")]
    public int Workers { get; init; } = 64;

    [Setting("count", "Requests per scenario.")]
    public int Count { get; init; } = 20_000;

    [Setting("duration", "Longest time per scenario, in seconds.")]
    public TimeSpan Duration { get; init; } = TimeSpan.FromSeconds(20);
}

/// <summary>
/// The build service on 127.0.0.1 (real Kestrel, SQLite state, auth, validation) under a closed-loop load generator in
/// the same process, for the two paths a fleet hits when a new kernel lands: the package is already published, and
/// thousands of nodes ask for the same missing package (dedup onto one build). Prints req/s and p50/p99 latency.
/// The local backend's runner holds every build open, so the dedup path never finishes during the run.
/// </summary>
public static class ServiceBenchmark
{
    private const string Token = "bench-token-0123456789abcdef0123456789";

    public static async Task<int> RunAsync(string[] args)
    {
        var options = ArgumentSettingsProvider.FromArgs(args).Get<ServiceBenchmarkSettings>();
        var dir = Path.Combine(Path.GetTempPath(), "kmodforge-bench-service-" + Guid.NewGuid().ToString("N"));
        var published = BuildTarget.Create("debian", "12", "6.1.0-28-amd64", "x86_64", "v0.1.0");
        var releases = new BenchReleaseStore(published);
        var settings = new ServiceSettings
        {
            Backend = BuildBackendKind.Local,
            StatePath = Path.Combine(dir, "builds.db"),
            ApiTokens = [Token],
            RateLimitPermits = 0,
            ShutdownTimeout = TimeSpan.FromSeconds(5),
        };
        try
        {
            await using var app = await ServiceHost.CreateAsync(["--urls=http://127.0.0.1:0"], settings, services =>
            {
                services.AddLogging(b => b.ClearProviders());
                services.AddSingleton<IReleaseStore>(releases);
                services.AddSingleton<IDriverBuildRunner, HeldRunner>();
            });
            await app.StartAsync();
            var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
            using var client = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = options.Workers, PooledConnectionLifetime = TimeSpan.FromMinutes(10) })
            {
                BaseAddress = new Uri(address.TrimEnd('/') + "/"),
            };
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Token);

            Console.WriteLine($"service benchmark: {Environment.ProcessorCount} cores, {options.Workers} workers, up to {options.Count} requests or {options.Duration.TotalSeconds:0} s per scenario, loopback {address}");
            await RunScenarioAsync("warm-up", client, Body("6.1.0-28-amd64"), options, Math.Min(2000, options.Count));
            await RunScenarioAsync("already published (200)", client, Body("6.1.0-28-amd64"), options, options.Count);
            await RunScenarioAsync("dedup onto one pending build (202)", client, Body("6.1.0-99-amd64"), options, options.Count);
            Console.WriteLine($"release store lookups: {releases.Finds} (published packages are remembered for {settings.PublishedCacheTtl.TotalSeconds:0} s)");
            await app.StopAsync();
            return 0;
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    private static async Task RunScenarioAsync(string name, HttpClient client, string body, ServiceBenchmarkSettings options, int count)
    {
        var result = await LoadGenerator.RunAsync(client, () => new HttpRequestMessage(HttpMethod.Post, "build")
        {
            Content = new StringContent(body, Encoding.UTF8, "application/json"),
        }, options.Workers, count, options.Duration);
        Console.WriteLine($"{name,-36} {result}");
    }

    private static string Body(string kernel) =>
        $$"""{"kernel_version":"{{kernel}}","architecture":"x86_64","distribution":"debian","distro_version":"12","driver_version":"v0.1.0"}""";

    /// <summary>A release store holding one published package (the benchmark measures the service, not a store).</summary>
    private sealed class BenchReleaseStore(BuildTarget target) : IReleaseStore
    {
        private readonly StoredPackage package = new(PackageNaming.ReleaseTag(target), PackageNaming.FileName("kmodforge-sample", target),
            "https://releases.example/" + PackageNaming.FileName("kmodforge-sample", target), new string('0', 64), 4096);

        private int finds;

        public int Finds => finds;

        public string Description => "benchmark release store (one package)";

        public Task<StoredPackage?> FindAsync(string tag, string fileName, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref finds);
            return Task.FromResult(tag == package.Tag && fileName == package.FileName ? package : null);
        }

        public Task<IReadOnlyList<StoredPackage>> ListAsync(CancellationToken cancellationToken) =>
            Task.FromResult<IReadOnlyList<StoredPackage>>([package]);

        public Task<StoredPackage> PublishAsync(string tag, string packagePath, CancellationToken cancellationToken) =>
            throw new NotSupportedException("the benchmark publishes nothing");

        public Task PutSignatureAsync(string tag, string fileName, string signatureText, CancellationToken cancellationToken) =>
            throw new NotSupportedException("the benchmark publishes nothing");

        public Task<StoredPackage> DownloadAsync(string tag, string fileName, string destinationPath, CancellationToken cancellationToken) =>
            throw new NotSupportedException("the benchmark downloads nothing");
    }

    /// <summary>A runner that holds each build until the service stops, so the dedup scenario always meets a pending build.</summary>
    private sealed class HeldRunner : IDriverBuildRunner
    {
        public async Task<DriverBuildResult> BuildAsync(BuildTarget target, CancellationToken cancellationToken)
        {
            await Task.Delay(Timeout.Infinite, cancellationToken);
            throw new OperationCanceledException(cancellationToken);
        }
    }
}
