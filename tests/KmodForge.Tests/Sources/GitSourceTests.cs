using KmodForge.Net;
using KmodForge.Sources;
using KmodForge.Tests.GitHub;
using KmodForge.Tests.Support;

namespace KmodForge.Tests.Sources;

/// <summary>The git form against a real local repository (git init, commits, an annotated tag), through the real git.</summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class GitSourceTests : IDisposable
{
    private readonly TempDirectory temp = new("kmodforge-git-source");
    private readonly RecordingLog log = new();
    private readonly string repo;
    private readonly string v1Commit;
    private readonly string mainCommit;

    public GitSourceTests() => (repo, v1Commit, mainCommit) = SourceFixtures.GitRepository(temp);

    private Task<string> Resolve(string value, string? gitRef = null, GitCommand? git = null) =>
        new ModuleSourceResolver(log, git).ResolveAsync(ModuleSourceParser.Parse(value, gitRef, temp.Path), temp.Combine("work"), CancellationToken.None);

    [Fact]
    public async Task A_tag_a_branch_and_a_commit_each_give_their_own_tree_without_git_metadata()
    {
        var tagged = await Resolve("git+file://" + repo + "@v1.0.0");
        Assert.Equal("1.0\n", File.ReadAllText(Path.Combine(tagged, "VERSION")));
        Assert.Equal(temp.Combine("work", "sources", "git-" + v1Commit), tagged);
        Assert.False(Directory.Exists(Path.Combine(tagged, ".git")));
        Assert.Equal(File.ReadAllBytes(Path.Combine(RepoPaths.Sample, "kfsample_main.c")), File.ReadAllBytes(Path.Combine(tagged, "kfsample_main.c")));

        var branch = await Resolve("driver", "main");
        Assert.Equal("2.0-dev\n", File.ReadAllText(Path.Combine(branch, "VERSION")));
        Assert.Equal(temp.Combine("work", "sources", "git-" + mainCommit), branch);

        var byCommit = await Resolve("git+" + repo + "@" + v1Commit);
        Assert.Equal(tagged, byCommit);
        Assert.Contains(log.Lines, l => l.Contains("cached in " + tagged, StringComparison.Ordinal));
    }

    [Fact]
    public async Task No_ref_builds_the_remotes_head()
    {
        var head = await Resolve("git+file://" + repo);
        Assert.Equal(temp.Combine("work", "sources", "git-" + mainCommit), head);
    }

    [Fact]
    public async Task An_unknown_ref_names_the_ref_and_the_repository()
    {
        var e = await Assert.ThrowsAsync<ModuleSourceException>(() => Resolve("git+file://" + repo + "@v9.9"));
        Assert.Contains("--module-source-ref: 'v9.9' is not a tag, branch or ref of", e.Message, StringComparison.Ordinal);
        Assert.Contains(repo, e.Message, StringComparison.Ordinal);
        Assert.Empty(Directory.Exists(temp.Combine("work", "sources")) ? Directory.GetFileSystemEntries(temp.Combine("work", "sources")) : []);
    }

    [Fact]
    public async Task An_unreachable_server_is_retried_then_fails_without_showing_the_credentials()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        var port = ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop(); // nothing listens there now: connection refused
        var git = new GitCommand(log, new RetryOptions { MaxAttempts = 2, BaseDelay = TimeSpan.FromMilliseconds(10), AttemptTimeout = TimeSpan.FromSeconds(30) });
        var e = await Assert.ThrowsAsync<GitSourceException>(() => Resolve($"git+http://bot:s3cr3t-t0ken@127.0.0.1:{port}/driver.git@v1.0.0", git: git));
        Assert.Contains("(attempt 2 of 2)", e.Message, StringComparison.Ordinal);
        Assert.Contains($"http://***@127.0.0.1:{port}/driver.git", e.Message, StringComparison.Ordinal);
        Assert.Single(log.Warnings);
        Assert.DoesNotContain(log.Lines.Append(e.Message), l => l.Contains("s3cr3t", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_git_that_hangs_is_stopped_by_the_timeout_and_cancellation_stops_it_at_once()
    {
        var fake = temp.Combine("slow-git");
        File.WriteAllText(fake, "#!/bin/sh\nexec sleep 60\n");
        File.SetUnixFileMode(fake, (UnixFileMode)0b111_101_101);
        var timedOut = new GitCommand(log, new RetryOptions { MaxAttempts = 1, AttemptTimeout = TimeSpan.FromMilliseconds(300) }, fake);
        var e = await Assert.ThrowsAsync<GitSourceException>(() => timedOut.RunAsync(["ls-remote", "https://example.org/x.git"], "https://example.org/x.git", CancellationToken.None));
        Assert.Contains("timed out after", e.Message, StringComparison.Ordinal);

        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(300));
        var patient = new GitCommand(log, new RetryOptions { MaxAttempts = 1, AttemptTimeout = TimeSpan.FromMinutes(5) }, fake);
        var started = System.Diagnostics.Stopwatch.StartNew();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => patient.RunAsync(["ls-remote", "https://example.org/x.git"], "https://example.org/x.git", cancel.Token));
        Assert.True(started.Elapsed < TimeSpan.FromSeconds(30), $"cancellation took {started.Elapsed}");
    }

    [Theory]
    [InlineData("fatal: unable to access 'https://x/': Could not resolve host: x", true)]
    [InlineData("error: RPC failed; HTTP 502 curl 22 The requested URL returned error: 502", true)]
    [InlineData("fatal: couldn't find remote ref refs/tags/v9", false)]
    [InlineData("fatal: Authentication failed for 'https://x/'", false)]
    public void Only_network_faults_are_retried(string stderr, bool transient) => Assert.Equal(transient, GitCommand.IsTransient(stderr));

    public void Dispose() => temp.Dispose();
}
