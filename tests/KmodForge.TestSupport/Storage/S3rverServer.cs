using System.Diagnostics;
using System.Text.RegularExpressions;
using Amazon.Runtime;
using KmodForge.Diagnostics;
using KmodForge.Storage.S3;

namespace KmodForge.TestSupport.Storage;

/// <summary>
/// A real S3-compatible server (s3rver, installed by .ci/install.sh) on 127.0.0.1 with a free port and a temporary data
/// directory, one bucket configured. Dispose stops it and removes the directory.
/// </summary>
public sealed partial class S3rverServer : IDisposable
{
    public const string Bucket = "kmodforge-test";

    public static readonly AWSCredentials Credentials = new BasicAWSCredentials("S3RVER", "S3RVER");

    private readonly Process process;

    private S3rverServer(Process process, string directory, int port, System.Collections.Concurrent.ConcurrentQueue<string> lines)
    {
        Lines = lines;
        this.process = process;
        Directory = directory;
        Port = port;
    }

    public string Directory { get; }

    public int Port { get; }

    /// <summary>The server's log: one line per request (path, status, bytes).</summary>
    public System.Collections.Concurrent.ConcurrentQueue<string> Lines { get; }

    public string EndpointUrl => $"http://127.0.0.1:{Port}";

    /// <summary>
    /// The number of log lines that match, once it reaches <paramref name="expected"/> or <paramref name="within"/> has
    /// passed: s3rver writes a request's line after answering it, so the last line can arrive after the client is done.
    /// </summary>
    public async Task<int> CountLinesAsync(Func<string, bool> match, int expected, TimeSpan within)
    {
        var deadline = DateTime.UtcNow + within;
        int count;
        while ((count = Lines.Count(match)) < expected && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50);
        }

        return count;
    }

    public static string Executable
    {
        get
        {
            var cache = Environment.GetEnvironmentVariable("KMODFORGE_CACHE_DIR")
                ?? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache", "kmodforge");
            var path = Path.Combine(cache, "tools", "node_modules", ".bin", "s3rver");
            return File.Exists(path) ? path : throw new InvalidOperationException($"s3rver is not installed at {path}; run .ci/install.sh (it installs s3rver from the npm registry).");
        }
    }

    public static S3rverServer Start()
    {
        var directory = System.IO.Directory.CreateTempSubdirectory("kmodforge-s3rver-").FullName;
        var info = new ProcessStartInfo(Executable)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in new[] { "-d", directory, "-a", "127.0.0.1", "-p", "0", "--configure-bucket", Bucket })
        {
            info.ArgumentList.Add(arg);
        }

        var process = Process.Start(info) ?? throw new InvalidOperationException("could not start s3rver");
        var lines = new System.Collections.Concurrent.ConcurrentQueue<string>();
        var listening = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is null)
            {
                return;
            }

            lines.Enqueue(e.Data);
            if (Listening().Match(e.Data) is { Success: true } m)
            {
                listening.TrySetResult(int.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture));
            }
        };
        process.ErrorDataReceived += (_, _) => { };
        process.Exited += (_, _) => listening.TrySetException(new InvalidOperationException("s3rver exited before listening"));
        process.EnableRaisingEvents = true;
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        if (!listening.Task.Wait(TimeSpan.FromSeconds(30)))
        {
            process.Kill(entireProcessTree: true);
            throw new InvalidOperationException("s3rver did not start listening within 30 s");
        }

        return new S3rverServer(process, directory, listening.Task.Result, lines);
    }

    public S3Settings Settings(string? prefix = "cache", string? bucket = Bucket) => new()
    {
        Bucket = bucket,
        Prefix = prefix,
        EndpointUrl = EndpointUrl,
        ForcePathStyle = true,
        PartSizeMiB = 5,
        Concurrency = 2,
        Timeout = TimeSpan.FromSeconds(10),
        MaxRetries = 1,
    };

    public S3BlobStore Store(IBuildLog? log = null, string? prefix = "cache") =>
        new(Settings(prefix), log ?? NullBuildLog.Instance, Credentials);

    /// <summary>Stops the server (the store becomes unreachable: connection refused).</summary>
    public void Stop()
    {
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit(10_000);
        }
    }

    public void Dispose()
    {
        Stop();
        process.Dispose();
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    [GeneratedRegex(@"listening on [0-9.]+:(\d+)")]
    private static partial Regex Listening();
}
