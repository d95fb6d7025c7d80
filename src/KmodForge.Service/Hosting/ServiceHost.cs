using System.Threading.RateLimiting;
using KmodForge.Errors;
using KmodForge.Pipeline;
using KmodForge.Service.Api;
using KmodForge.Service.Backends;
using KmodForge.Service.Backends.GitHub;
using KmodForge.Service.Backends.Local;
using KmodForge.Service.Builds;
using KmodForge.Service.Observability;
using KmodForge.Service.State;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace KmodForge.Service.Hosting;

/// <summary>A settings problem that stops the service from starting; the message says what to set.</summary>
public sealed class ServiceConfigurationException(IReadOnlyList<string> problems)
    : InvalidInputException("The build service cannot start:" + Environment.NewLine + string.Join(Environment.NewLine, problems.Select(p => "  - " + p)))
{
    public IReadOnlyList<string> Problems { get; } = problems;
}

/// <summary>
/// Builds the service's <see cref="WebApplication"/>: Kestrel with the body-size limit, JSON logs or single-line logs
/// with scopes, the rate limiter, the state store (initialised before the first request), the backend and its
/// tracking, pruning, and the endpoints. <paramref name="addDependencies"/> supplies what lives outside the service:
/// the <c>IReleaseStore</c>, and the <c>IWorkflowDispatcher</c>/<c>IWorkflowRuns</c> (GitHub backend) or
/// <c>IDriverBuildRunner</c> (local backend).
/// </summary>
public static class ServiceHost
{
    public static async Task<WebApplication> CreateAsync(
        string[] args, ServiceSettings settings, Action<IServiceCollection> addDependencies, CancellationToken cancellationToken = default)
    {
        var tokens = BearerTokens.From(settings);
        var problems = ServiceSettingsCheck.Problems(settings).ToList();
        if (tokens.Count == 0 && !tokens.AllowAnonymous)
        {
            problems.Add("no API tokens: set KMODFORGE_API_TOKENS or --api-tokens-file (or --allow-anonymous for a service on loopback only)");
        }

        if (tokens.ShortTokens > 0)
        {
            problems.Add($"--api-tokens: {tokens.ShortTokens} token(s) shorter than {BearerTokens.MinimumLength} characters (guessable, and masked all over the logs); make each with `openssl rand -hex 32`");
        }

        if (problems.Count > 0)
        {
            throw new ServiceConfigurationException(problems);
        }

        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args });
        ConfigureLogging(builder.Logging, settings.LogFormat);
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.Limits.MaxRequestBodySize = settings.MaxBodyBytes;
            kestrel.Limits.MaxRequestHeadersTotalSize = 32 * 1024;
            kestrel.Limits.RequestHeadersTimeout = TimeSpan.FromSeconds(15);
        });
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = settings.ShutdownTimeout);
        builder.Services.ConfigureHttpJsonOptions(o => ServiceJson.Configure(o.SerializerOptions));
        AddServices(builder.Services, settings, tokens);
        builder.Services.AddServiceObservability();
        addDependencies(builder.Services);

        var app = builder.Build();
        await app.Services.GetRequiredService<IBuildStore>().InitializeAsync(cancellationToken).ConfigureAwait(false);
        app.UseExceptionHandler(error => error.Run(context =>
            Results.Json(new ErrorResponse("internal error; the service log has the details"), ServiceJson.Options, statusCode: StatusCodes.Status500InternalServerError)
                .ExecuteAsync(context)));
        if (settings.RateLimitPermits > 0)
        {
            app.UseRateLimiter();
        }

        app.MapBuildEndpoints(settings);
        app.MapServiceObservability(settings);
        return app;
    }

    private static void AddServices(IServiceCollection services, ServiceSettings settings, BearerTokens tokens)
    {
        services.AddSingleton(settings);
        services.AddSingleton(tokens);
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<IBuildStore>(new SqliteBuildStore(settings.StatePath));
        services.AddSingleton<DispatchesInFlight>();
        services.AddSingleton<BuildChanges>();
        services.AddSingleton<PublishedPackages>();
        services.AddSingleton<BuildCoordinator>();
        services.AddSingleton<HealthProbe>();
        services.AddHostedService<BuildPruner>();
        if (settings.Backend == BuildBackendKind.GitHub)
        {
            services.AddSingleton<GitHubActionsBackend>();
            services.AddSingleton<IBuildBackend>(sp => sp.GetRequiredService<GitHubActionsBackend>());
            services.AddHostedService<GitHubRunPoller>();
        }
        else
        {
            services.AddSingleton(sp => new LocalBuildBackend(
                sp.GetRequiredService<IBuildStore>(), sp.GetService<IDriverBuildRunner>(), sp.GetRequiredService<DispatchesInFlight>(),
                settings, sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<ILogger<LocalBuildBackend>>(), sp.GetService<Containers.IBuildContainers>()));
            services.AddSingleton<IBuildBackend>(sp => sp.GetRequiredService<LocalBuildBackend>());
            services.AddHostedService(sp => sp.GetRequiredService<LocalBuildBackend>());
        }

        if (settings.RateLimitPermits > 0)
        {
            services.AddRateLimiter(o =>
            {
                o.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
                o.OnRejected = async (rejected, ct) =>
                {
                    if (rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter))
                    {
                        rejected.HttpContext.Response.Headers.RetryAfter = ((int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);
                    }

                    await Results.Json(new ErrorResponse($"too many requests from this address: at most {settings.RateLimitPermits} per {settings.RateLimitWindow.TotalSeconds:0.#} s"),
                        ServiceJson.Options, statusCode: StatusCodes.Status429TooManyRequests).ExecuteAsync(rejected.HttpContext).ConfigureAwait(false);
                };
                o.AddPolicy(BuildEndpoints.RateLimitPolicy, context => RateLimitPartition.GetFixedWindowLimiter(
                    context.Connection.RemoteIpAddress?.ToString() ?? "unknown",
                    _ => new FixedWindowRateLimiterOptions { PermitLimit = settings.RateLimitPermits, Window = settings.RateLimitWindow, QueueLimit = 0 }));
            });
        }
    }

    private static void ConfigureLogging(ILoggingBuilder logging, ServiceLogFormat format)
    {
        logging.ClearProviders();
        // Per-request framework chatter off by default (Logging__LogLevel__Microsoft.AspNetCore=Information turns it back on).
        logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
        if (format == ServiceLogFormat.Json)
        {
            logging.AddJsonConsole(o =>
            {
                o.IncludeScopes = true;
                o.UseUtcTimestamp = true;
                o.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ";
            });
        }
        else
        {
            logging.AddSimpleConsole(o =>
            {
                o.IncludeScopes = true;
                o.SingleLine = true;
                o.UseUtcTimestamp = true;
                o.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ ";
            });
        }
    }
}
