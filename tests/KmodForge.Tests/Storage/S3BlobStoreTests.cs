using KmodForge.TestSupport.Storage;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using KmodForge.Diagnostics;
using KmodForge.Storage;
using KmodForge.Storage.S3;
using KmodForge.Tests.GitHub;

namespace KmodForge.Tests.Storage;

/// <summary>The S3 store over real HTTP against s3rver on 127.0.0.1.</summary>
public sealed class S3BlobStoreTests : IClassFixture<S3BlobStoreTests.Server>, IDisposable
{
    private readonly S3rverServer server;
    private readonly string work = Directory.CreateTempSubdirectory("kmodforge-s3test-").FullName;

    public S3BlobStoreTests(Server fixture) => server = fixture.Instance;

    public void Dispose() => Directory.Delete(work, recursive: true);

    [Fact]
    public async Task Put_then_get_returns_the_same_bytes_and_exists_reports_it()
    {
        using var store = server.Store();
        var source = WriteRandom("small.bin", 70_000);
        var key = Key("roundtrip");

        Assert.False(await store.ExistsAsync(key, default));
        await store.PutAsync(key, source, default);
        Assert.True(await store.ExistsAsync(key, default));

        var target = Path.Combine(work, "out", "small.bin");
        Assert.True(await store.GetAsync(key, target, default));
        Assert.Equal(File.ReadAllBytes(source), File.ReadAllBytes(target));
    }

    [Fact]
    public async Task Delete_removes_the_object_and_deleting_a_missing_key_is_fine()
    {
        using var store = server.Store();
        var key = Key("delete");
        await store.PutAsync(key, WriteRandom("d.bin", 10), default);

        await store.DeleteAsync(key, default);
        await store.DeleteAsync(key, default);

        Assert.False(await store.ExistsAsync(key, default));
    }

    [Fact]
    public async Task Get_of_a_missing_key_returns_false_and_writes_nothing()
    {
        using var store = server.Store();
        var target = Path.Combine(work, "missing.bin");

        Assert.False(await store.GetAsync(Key("never-written"), target, default));
        Assert.Empty(Directory.GetFiles(work));
    }

    [Fact]
    public async Task File_larger_than_the_part_size_goes_up_in_parts_and_comes_back_whole()
    {
        var log = new RecordingLog();
        using var store = server.Store(log);
        var source = WriteRandom("big.bin", 16 * 1024 * 1024 + 123);
        var key = Key("multipart");

        await store.PutAsync(key, source, default);
        var target = Path.Combine(work, "big.out");
        Assert.True(await store.GetAsync(key, target, default));

        Assert.Equal(Sha(source), Sha(target));
        // 16 MiB + 123 bytes in 5 MiB parts: four part uploads reached the server.
        var parts = server.Lines.Where(l => l.Contains($"{key}?partNumber=", StringComparison.Ordinal) && l.Contains(" 200 ", StringComparison.Ordinal));
        Assert.Equal(4, parts.Count());
        var upload = log.ProgressReports.Where(p => p.What == $"upload {key}").ToList();
        Assert.Equal(new FileInfo(source).Length, upload[^1].Done);
        Assert.Contains(log.Lines, l => l.Contains($"uploaded {key}", StringComparison.Ordinal) && l.Contains("MiB/s", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Concurrent_uploads_of_the_same_content_key_both_succeed_and_leave_the_object_whole()
    {
        // The store's keys are content keys: parallel jobs racing on one key upload the same bytes (multipart here).
        // Different bytes under one key are not raced here: s3rver, unlike S3, writes an object's data and its ETag
        // non-atomically, so concurrent writers of different bytes can leave it torn (S3 is last-writer-wins).
        using var first = server.Store();
        using var second = server.Store();
        var a = WriteRandom("a.bin", 6 * 1024 * 1024);
        var b = Path.Combine(work, "b.bin");
        File.Copy(a, b);
        var key = Key("race");

        await Task.WhenAll(first.PutAsync(key, a, default), second.PutAsync(key, b, default));

        var target = Path.Combine(work, "race.out");
        Assert.True(await first.GetAsync(key, target, default));
        Assert.Equal(Sha(a), Sha(target));
    }

    [Fact]
    public async Task A_download_that_does_not_match_its_etag_is_retried_then_refused_and_nothing_is_written()
    {
        // A store whose object changes under the reader: the body is not the bytes the ETag (their MD5) promises.
        var requests = 0;
        var body = "the bytes that were read"u8.ToArray();
        var promised = Convert.ToHexStringLower(MD5.HashData("the bytes that were promised"u8.ToArray()));
        await using var fake = await KmodForge.Tests.Support.LocalHttpServer.StartAsync(async ctx =>
        {
            Interlocked.Increment(ref requests);
            ctx.Response.Headers.ETag = $"\"{promised}\"";
            ctx.Response.ContentType = "application/octet-stream";
            ctx.Response.ContentLength = body.Length;
            await ctx.Response.Body.WriteAsync(body);
        });
        var settings = new S3Settings
        {
            Bucket = S3rverServer.Bucket, EndpointUrl = fake.BaseAddress.AbsoluteUri.TrimEnd('/'), ForcePathStyle = true,
            Timeout = TimeSpan.FromSeconds(10), MaxRetries = 2,
        };
        using var store = new S3BlobStore(settings, NullBuildLog.Instance, S3rverServer.Credentials);
        var target = Path.Combine(work, "mismatch.out");

        var e = await Assert.ThrowsAsync<BlobStoreException>(() => store.GetAsync("tests/changing", target, default));

        Assert.Contains("do not match the checksum the store sent", e.Message, StringComparison.Ordinal);
        Assert.Equal(1 + settings.MaxRetries, requests);
        Assert.False(File.Exists(target));
        Assert.Empty(Directory.GetFiles(work, "*.tmp*"));
    }

    [Fact]
    public async Task Prefix_is_applied_to_every_key()
    {
        using var prefixed = server.Store(prefix: "team/cache");
        using var root = server.Store(prefix: null);
        var key = Key("prefixed");
        await prefixed.PutAsync(key, WriteRandom("p.bin", 5), default);

        Assert.True(await root.ExistsAsync("team/cache/" + key, default));
        Assert.False(await root.ExistsAsync(key, default));
    }

    [Fact]
    public async Task Missing_bucket_is_a_clear_error_naming_the_bucket()
    {
        using var store = new S3BlobStore(server.Settings(bucket: "no-such-bucket"), NullBuildLog.Instance, S3rverServer.Credentials);

        var e = await Assert.ThrowsAsync<BlobStoreException>(() => store.ExistsAsync("a/b", default));
        Assert.Contains("s3://no-such-bucket", e.Message, StringComparison.Ordinal);
        Assert.Contains("bucket does not exist", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("../etc/passwd")]
    [InlineData("/absolute")]
    [InlineData("a//b")]
    [InlineData("a/./b")]
    [InlineData("trailing/")]
    [InlineData("semi;colon")]
    [InlineData("spa ce")]
    [InlineData("")]
    public async Task Rejects_keys_that_are_not_safe_paths(string key)
    {
        using var store = server.Store();

        var e = await Assert.ThrowsAsync<ArgumentException>(() => store.ExistsAsync(key, default));
        Assert.StartsWith("blob key:", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Cancellation_stops_an_upload_with_OperationCanceledException()
    {
        using var store = server.Store();
        var source = WriteRandom("cancel.bin", 12 * 1024 * 1024);
        using var cts = new CancellationTokenSource();
        cts.Cancel();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => store.PutAsync(Key("cancelled"), source, cts.Token));
    }

    [Fact(Timeout = 120_000)]
    public async Task Stopped_server_gives_a_clear_error_after_bounded_retries()
    {
        using var own = S3rverServer.Start();
        using var store = own.Store();
        var key = Key("stopped");
        await store.PutAsync(key, WriteRandom("s.bin", 100), default);
        own.Stop();

        var e = await Assert.ThrowsAsync<BlobStoreException>(() => store.GetAsync(key, Path.Combine(work, "s.out"), default));
        Assert.Contains("cannot reach the store", e.Message, StringComparison.Ordinal);
        Assert.Contains(own.EndpointUrl, e.Message, StringComparison.Ordinal);
        await Assert.ThrowsAsync<BlobStoreException>(() => store.PutAsync(key, Path.Combine(work, "s.bin"), default));
        Assert.False(File.Exists(Path.Combine(work, "s.out")));
    }

    [Fact(Timeout = 120_000)]
    public async Task Server_that_accepts_but_never_answers_times_out_instead_of_hanging()
    {
        using var silent = new TcpListener(IPAddress.Loopback, 0);
        silent.Start();
        var accepted = new List<TcpClient>();
        _ = Task.Run(async () =>
        {
            while (true)
            {
                try
                {
                    accepted.Add(await silent.AcceptTcpClientAsync());
                }
                catch (Exception e) when (e is SocketException or ObjectDisposedException)
                {
                    return;
                }
            }
        });
        var settings = new S3Settings
        {
            Bucket = S3rverServer.Bucket,
            EndpointUrl = $"http://127.0.0.1:{((IPEndPoint)silent.LocalEndpoint).Port}",
            ForcePathStyle = true,
            Timeout = TimeSpan.FromSeconds(2),
            MaxRetries = 1,
        };
        using var store = new S3BlobStore(settings, NullBuildLog.Instance, S3rverServer.Credentials);

        var e = await Assert.ThrowsAsync<BlobStoreException>(() => store.ExistsAsync("a/b", default));
        Assert.Contains("s3://kmodforge-test", e.Message, StringComparison.Ordinal);
        silent.Stop();
        accepted.ForEach(c => c.Dispose());
    }

    private static string Key(string name) => $"tests/{name}-{Guid.NewGuid():N}";

    private static string Sha(string path) => Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(path)));

    private string WriteRandom(string name, int size)
    {
        var bytes = new byte[size];
        Random.Shared.NextBytes(bytes);
        var path = Path.Combine(work, name);
        File.WriteAllBytes(path, bytes);
        return path;
    }

    /// <summary>One s3rver for the class.</summary>
    public sealed class Server : IDisposable
    {
        public S3rverServer Instance { get; } = S3rverServer.Start();

        public void Dispose() => Instance.Dispose();
    }
}
