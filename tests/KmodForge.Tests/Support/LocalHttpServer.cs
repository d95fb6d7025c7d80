using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace KmodForge.Tests.Support;

/// <summary>A real HTTP server (Kestrel) on 127.0.0.1 and a free port, answering with a test's handler.</summary>
public sealed class LocalHttpServer : IAsyncDisposable
{
    private readonly WebApplication app;

    private LocalHttpServer(WebApplication app, Uri baseAddress)
    {
        this.app = app;
        BaseAddress = baseAddress;
    }

    public Uri BaseAddress { get; }

    public static async Task<LocalHttpServer> StartAsync(RequestDelegate handler)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        app.Run(handler);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new LocalHttpServer(app, new Uri(address.TrimEnd('/') + "/"));
    }

    /// <summary>Serves the files under <paramref name="root"/> (404 for anything else), telling <paramref name="requested"/> each path asked.</summary>
    public static Task<LocalHttpServer> ServeDirectoryAsync(string root, Action<string>? requested = null)
    {
        var full = Path.GetFullPath(root) + Path.DirectorySeparatorChar;
        return StartAsync(async ctx =>
        {
            requested?.Invoke(ctx.Request.Path.Value!);
            var path = Path.GetFullPath(Path.Combine(full, Uri.UnescapeDataString(ctx.Request.Path.Value!.TrimStart('/'))));
            if (!path.StartsWith(full, StringComparison.Ordinal) || !File.Exists(path))
            {
                ctx.Response.StatusCode = 404;
                return;
            }

            await ctx.Response.SendFileAsync(path);
        });
    }

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
    }
}
