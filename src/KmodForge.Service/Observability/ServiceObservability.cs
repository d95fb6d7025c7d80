using KmodForge.Diagnostics;
using KmodForge.Service.Api;
using KmodForge.Service.Backends;
using KmodForge.Service.Builds;
using KmodForge.Service.State;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Metrics;

namespace KmodForge.Service.Observability;

/// <summary>
/// Wires the service's own pages: <c>GET /</c> (<see cref="StatusPage"/>) and <c>GET /metrics</c> (OpenTelemetry's
/// Prometheus exporter over <see cref="ServiceMetrics"/> and the clients' <see cref="ClientCallMetrics"/>).
/// </summary>
public static class ServiceObservability
{
    /// <summary>How many recent builds the status page lists.</summary>
    public const int RecentBuilds = 50;

    /// <summary>
    /// Registers the metrics and wraps the registered <see cref="IBuildStore"/> in a <see cref="MeteredBuildStore"/>.
    /// Call after the store is registered; a <see cref="ServiceMetrics"/> registered later (tests) replaces this one.
    /// </summary>
    public static IServiceCollection AddServiceObservability(this IServiceCollection services)
    {
        services.AddSingleton(sp => new ServiceMetrics(sp));
        var store = services.Last(d => d.ServiceType == typeof(IBuildStore));
        services.Remove(store);
        services.AddSingleton<IBuildStore>(sp => new MeteredBuildStore((IBuildStore)Create(store, sp), sp.GetRequiredService<ServiceMetrics>(), sp.GetService<BuildChanges>()));
        services.AddOpenTelemetry().WithMetrics(metrics => metrics
            .AddMeter(ClientCallMetrics.MeterName)
            .AddView("kmodforge.build.duration", new ExplicitBucketHistogramConfiguration { Boundaries = ServiceMetrics.DurationBuckets })
            .AddPrometheusExporter(o => o.ScrapeResponseCacheDurationMilliseconds = 0));
        services.ConfigureOpenTelemetryMeterProvider((sp, metrics) => metrics.AddMeter(sp.GetRequiredService<ServiceMetrics>().MeterName));
        return services;
    }

    public static IEndpointRouteBuilder MapServiceObservability(this IEndpointRouteBuilder app, ServiceSettings settings)
    {
        app.MapGet("/", async (HttpContext context, BearerTokens tokens, IBuildStore store, IBuildBackend backend, TimeProvider time) =>
        {
            if (settings.StatusRequiresToken && !tokens.Accepts(context.Request.Headers.Authorization))
            {
                context.Response.Headers.WWWAuthenticate = "Bearer";
                return Results.Text("a bearer token is required (--status-requires-token)", statusCode: StatusCodes.Status401Unauthorized);
            }

            var unfinished = await store.ListUnfinishedAsync(backend.Name, context.RequestAborted).ConfigureAwait(false);
            var recent = await store.ListRecentAsync(RecentBuilds, context.RequestAborted).ConfigureAwait(false);
            context.Response.Headers.CacheControl = "no-store";
            return Results.Content(StatusPage.Render(unfinished, recent, backend.Name, time.GetUtcNow()), "text/html; charset=utf-8");
        });
        app.MapPrometheusScrapingEndpoint("/metrics");
        return app;
    }

    private static object Create(ServiceDescriptor descriptor, IServiceProvider services) =>
        descriptor.ImplementationInstance
        ?? descriptor.ImplementationFactory?.Invoke(services)
        ?? ActivatorUtilities.CreateInstance(services, descriptor.ImplementationType!);
}
