using System.Diagnostics;
using System.Text.RegularExpressions;

namespace KmodForge.Bench.ImageCache;

/// <summary>s3rver (installed by .ci/install.sh) on 127.0.0.1, a free port and a temporary directory, for the benchmark's transfers.</summary>
internal sealed partial class LocalS3Server : IDisposable
{
    public const string Bucket = "kmodforge-bench";

    private readonly Process process;
    private readonly string directory;

    private LocalS3Server(Process process, string directory, int port)
    {
        this.process = process;
        this.directory = directory;
        EndpointUrl = $"http://127.0.0.1:{port}";
    }

    public string EndpointUrl { get; }

    public static LocalS3Server Start()
    {
        var cache = Environment.GetEnvironmentVariable("KMODFORGE_CACHE_DIR") ?? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache", "kmodforge");
        var executable = Path.Combine(cache, "tools", "node_modules", ".bin", "s3rver");
        if (!File.Exists(executable))
        {
            throw new InvalidOperationException($"s3rver is not installed at {executable}; run .ci/install.sh.");
        }

        var directory = Directory.CreateTempSubdirectory("kmodforge-bench-s3-").FullName;
        var info = new ProcessStartInfo(executable) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in new[] { "-d", directory, "-a", "127.0.0.1", "-p", "0", "-s", "--configure-bucket", Bucket })
        {
            info.ArgumentList.Add(arg);
        }

        var process = Process.Start(info)!;
        process.ErrorDataReceived += (_, _) => { };
        process.BeginErrorReadLine();
        for (var line = process.StandardOutput.ReadLine(); line is not null; line = process.StandardOutput.ReadLine())
        {
            if (Listening().Match(line) is { Success: true } m)
            {
                _ = process.StandardOutput.ReadToEndAsync();
                return new LocalS3Server(process, directory, int.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture));
            }
        }

        throw new InvalidOperationException("s3rver exited before listening");
    }

    public void Dispose()
    {
        process.Kill(entireProcessTree: true);
        process.WaitForExit();
        process.Dispose();
        Directory.Delete(directory, recursive: true);
    }

    [GeneratedRegex(@"listening on [0-9.]+:(\d+)")]
    private static partial Regex Listening();
}
