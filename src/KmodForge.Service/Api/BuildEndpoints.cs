using KmodForge.Errors;
using KmodForge.Service.Builds;
using KmodForge.Service.Observability;
using KmodForge.Service.State;
using KmodForge.Targets;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace KmodForge.Service.Api;

/// <summary>The HTTP API: POST /build, GET /status/{id} (a long poll with <c>Prefer: wait=N</c>: <see cref="StatusWait"/>), GET /healthz (the pages / and /metrics: <see cref="ServiceObservability"/>).</summary>
public static class BuildEndpoints
{
    public const string RateLimitPolicy = "per-client-address";

    public static IEndpointRouteBuilder MapBuildEndpoints(this IEndpointRouteBuilder app, ServiceSettings settings)
    {
        var build = app.MapPost("/build", PostBuildAsync);
        var status = app.MapGet("/status/{id}", GetStatusAsync);
        app.MapGet("/healthz", async (HealthProbe probe, CancellationToken ct) =>
        {
            var health = await probe.CheckAsync(ct).ConfigureAwait(false);
            return Json(health, health.Ready ? StatusCodes.Status200OK : StatusCodes.Status503ServiceUnavailable);
        });
        if (settings.RateLimitPermits > 0)
        {
            build.RequireRateLimiting(RateLimitPolicy);
            status.RequireRateLimiting(RateLimitPolicy);
        }

        return app;
    }

    private static async Task<IResult> PostBuildAsync(
        HttpContext context, BearerTokens tokens, BuildCoordinator coordinator, ServiceMetrics metrics, ServiceSettings settings, ILoggerFactory loggers)
    {
        if (!tokens.Accepts(context.Request.Headers.Authorization))
        {
            return Unauthorized(context);
        }

        var read = await BuildRequestReader.ReadAsync(context.Request, settings.MaxBodyBytes, context.RequestAborted).ConfigureAwait(false);
        if (read.Request is null)
        {
            return Json(read.Error!, read.StatusCode);
        }

        var validation = TargetValidator.Validate(read.Request);
        if (!validation.IsValid)
        {
            return Json(new ErrorResponse("invalid build request", validation.Errors.Select(FieldProblem.From).ToList()), StatusCodes.Status400BadRequest);
        }

        SubmitOutcome outcome;
        try
        {
            outcome = await coordinator.SubmitAsync(validation.Target!, context.RequestAborted).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // The release store or the state database failed (after the clients' own retries): the node should retry.
            loggers.CreateLogger("KmodForge.Service.Api").LogError("POST /build: {Error}", e.Message);
            context.Response.Headers.RetryAfter = "30";
            return Json(new ErrorResponse($"the service could not check or record the build, try again later: {e.Message}"), StatusCodes.Status503ServiceUnavailable);
        }

        metrics.Answered(outcome);
        switch (outcome)
        {
            case AlreadyPublished p:
                return Json(new PublishedResponse("package already published", p.Package.Location, p.Package.Tag, p.Package.FileName, p.Package.Sha256, p.Package.Size),
                    StatusCodes.Status200OK);
            case NotApplicable n:
                return Json(new NotApplicableResponse("the driver does not apply to this target", n.Build.State.ApiName(), n.Build.Reason ?? "no reason recorded", n.Build.Id, "/status/" + n.Build.Id),
                    StatusCodes.Status200OK);
            case BuildAccepted a:
                var statusUrl = "/status/" + a.Build.Id;
                context.Response.Headers.Location = statusUrl;
                return Json(new BuildAcceptedResponse("workflow dispatched", a.Build.Id, statusUrl), StatusCodes.Status202Accepted);
            case DispatchFailed f:
                loggers.CreateLogger("KmodForge.Service.Api").LogWarning("POST /build: build {BuildId} could not be dispatched: {Reason}", f.Build.Id, f.Reason);
                context.Response.Headers.RetryAfter = "30";
                return Json(new ErrorResponse(f.Reason, BuildId: f.Build.Id), StatusCodes.Status503ServiceUnavailable);
            default:
                throw new InvalidOperationException($"unexpected outcome {outcome.GetType().Name}");
        }
    }

    private static async Task<IResult> GetStatusAsync(
        string id, HttpContext context, BearerTokens tokens, IBuildStore store, BuildChanges changes, TimeProvider time, IHostApplicationLifetime lifetime, ServiceSettings settings)
    {
        if (settings.StatusRequiresToken && !tokens.Accepts(context.Request.Headers.Authorization))
        {
            return Unauthorized(context);
        }

        if (!BuildId.IsValid(id))
        {
            return Json(new ErrorResponse($"build id {Printable.Quote(id)} is not a build id: expected {BuildId.Length} lowercase hex digits"),
                StatusCodes.Status400BadRequest);
        }

        BuildRecord? build;
        if (StatusWait.Requested(context.Request.Headers["Prefer"]) is { } wait)
        {
            build = await StatusWait.UntilChangedAsync(store, changes, id, wait, time, lifetime.ApplicationStopping, context.RequestAborted).ConfigureAwait(false);
            context.Response.Headers["Preference-Applied"] = StatusWait.Applied(wait);
        }
        else
        {
            build = await store.GetAsync(id, context.RequestAborted).ConfigureAwait(false);
        }

        return build is null
            ? Json(new ErrorResponse($"no build with id {id} (unknown, or finished more than the retention period ago)"), StatusCodes.Status404NotFound)
            : Json(StatusOf(build), StatusCodes.Status200OK);
    }

    public static StatusResponse StatusOf(BuildRecord build) => new(
        build.State.ApiName(),
        build.Reason ?? build.State switch
        {
            BuildState.Dispatching => $"being dispatched to the {build.Backend} backend",
            BuildState.Queued => $"waiting for the {build.Backend} backend to start it",
            BuildState.InProgress => "building",
            _ => null,
        },
        build.Location,
        build.Id,
        build.CacheKey,
        build.Backend,
        build.PackageSha256,
        build.RunUrl,
        build.CreatedAt,
        build.UpdatedAt,
        build.DispatchedAt,
        build.SignatureKeyId);

    private static IResult Unauthorized(HttpContext context)
    {
        context.Response.Headers.WWWAuthenticate = "Bearer";
        return Json(new ErrorResponse("a bearer token is required: send 'Authorization: Bearer <token>' with one of the service's API tokens"),
            StatusCodes.Status401Unauthorized);
    }

    private static IResult Json<T>(T value, int status) => Results.Json(value, ServiceJson.Options, statusCode: status);
}
