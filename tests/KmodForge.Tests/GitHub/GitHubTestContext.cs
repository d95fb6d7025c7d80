using System.Collections.Concurrent;
using KmodForge.Diagnostics;
using KmodForge.GitHub;
using KmodForge.TestSupport.GitHub;

namespace KmodForge.Tests.GitHub;

/// <summary>A <see cref="LocalGitHubServer"/> and a <see cref="GitHubApi"/> pointed at it (short retry delays), plus a log that records everything.</summary>
public sealed class GitHubTestContext : IAsyncDisposable
{
    private readonly List<GitHubApi> apis = [];

    private GitHubTestContext(LocalGitHubServer server, string directory)
    {
        Server = server;
        Directory = directory;
    }

    public LocalGitHubServer Server { get; }

    /// <summary>A scratch directory, removed on dispose.</summary>
    public string Directory { get; }

    public RecordingLog Log { get; } = new();

    public static async Task<GitHubTestContext> StartAsync()
    {
        var directory = Path.Combine(Path.GetTempPath(), "kmodforge-github-" + Guid.NewGuid().ToString("N"));
        System.IO.Directory.CreateDirectory(directory);
        return new GitHubTestContext(await LocalGitHubServer.StartAsync(), directory);
    }

    public GitHubSettings Settings(string? token = null, string? runId = "4242") => new()
    {
        Token = token ?? Server.Token,
        Repository = Server.Repository,
        ApiUrl = Server.BaseUrl.ToString(),
        ServerUrl = "https://github.example",
        RunId = runId,
        RetryBaseDelay = TimeSpan.FromMilliseconds(20),
        RequestTimeout = TimeSpan.FromSeconds(30),
        MaxRateLimitWait = TimeSpan.FromSeconds(10),
    };

    /// <summary>A new connection (each concurrent "job" gets its own).</summary>
    public GitHubApi Connect(GitHubSettings? settings = null)
    {
        var api = GitHubClientFactory.Connect(settings ?? Settings(), Log);
        apis.Add(api);
        return api;
    }

    /// <summary>Writes a package-like file with random content and returns its path.</summary>
    public string WritePackage(string fileName, int size = 4096)
    {
        var path = Path.Combine(Directory, Guid.NewGuid().ToString("N"), fileName);
        System.IO.Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllBytes(path, System.Security.Cryptography.RandomNumberGenerator.GetBytes(size));
        return path;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var api in apis)
        {
            api.Dispose();
        }

        await Server.DisposeAsync();
        Assert.DoesNotContain(Log.Lines, l => l.Contains(Server.Token, StringComparison.Ordinal));
        System.IO.Directory.Delete(Directory, recursive: true);
    }
}
