using System.Net;
using System.Net.Sockets;

namespace KmodForge.TestSupport.Http;

/// <summary>
/// Serves a directory over HTTP on 127.0.0.1 (HttpListener). <see cref="FailNext"/> makes the next requests for a path
/// answer with a status (e.g. 503) before serving it for real; every request path is recorded.
/// </summary>
public sealed class LocalRepoServer : IDisposable
{
    private readonly HttpListener listener = new();
    private readonly string root;
    private readonly Task loop;
    private readonly Dictionary<string, Queue<int>> failures = [];

    public LocalRepoServer(string root)
    {
        this.root = root;
        var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        var port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        BaseUrl = $"http://127.0.0.1:{port}/";
        listener.Prefixes.Add(BaseUrl);
        listener.Start();
        loop = Task.Run(ServeAsync);
    }

    public string BaseUrl { get; }

    public List<string> Requests { get; } = [];

    public void FailNext(string path, params int[] statuses)
    {
        lock (failures)
        {
            failures[path] = new Queue<int>(statuses);
        }
    }

    private async Task ServeAsync()
    {
        while (listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await listener.GetContextAsync();
            }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException)
            {
                return;
            }

            var path = context.Request.Url!.AbsolutePath;
            lock (Requests)
            {
                Requests.Add(path);
            }

            int? fail = null;
            lock (failures)
            {
                if (failures.TryGetValue(path, out var queue) && queue.Count > 0)
                {
                    fail = queue.Dequeue();
                }
            }

            var file = Path.GetFullPath(Path.Combine(root, path.TrimStart('/')));
            if (fail is { } status)
            {
                context.Response.StatusCode = status;
                context.Response.AddHeader("Retry-After", "0");
            }
            else if (file.StartsWith(root, StringComparison.Ordinal) && File.Exists(file))
            {
                var bytes = await File.ReadAllBytesAsync(file);
                context.Response.ContentLength64 = bytes.Length;
                await context.Response.OutputStream.WriteAsync(bytes);
            }
            else
            {
                context.Response.StatusCode = 404;
            }

            context.Response.Close();
        }
    }

    public void Dispose()
    {
        listener.Stop();
        listener.Close();
        loop.Wait(TimeSpan.FromSeconds(5));
    }
}
