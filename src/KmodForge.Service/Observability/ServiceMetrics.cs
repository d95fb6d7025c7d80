using System.Diagnostics.Metrics;
using KmodForge.Service.Backends;
using KmodForge.Service.Builds;
using KmodForge.Service.State;
using Microsoft.Extensions.DependencyInjection;

namespace KmodForge.Service.Observability;

/// <summary>
/// The service's instruments on one meter, exported on <c>/metrics</c> by OpenTelemetry's Prometheus exporter:
/// builds by outcome (<c>kmodforge_builds_total</c>), build duration (<c>kmodforge_build_duration_seconds</c>, a
/// histogram), requests by answer (<c>kmodforge_build_requests_total</c>: published from the cache, deduplicated onto
/// a running build, dispatched, dispatch failed) and the queue (<c>kmodforge_builds_unfinished</c>, by state, read from
/// the state database at each scrape). No label carries a token, a request body or a kernel name.
/// </summary>
public sealed class ServiceMetrics : IDisposable
{
    public const string DefaultMeterName = "KmodForge.Service";

    /// <summary>Bucket bounds of the build duration histogram, in seconds: a cached build takes seconds, a full one minutes.</summary>
    public static readonly double[] DurationBuckets = [5, 15, 30, 60, 120, 300, 600, 1200, 1800, 3600, 7200];

    private readonly Meter meter;
    private readonly Counter<long> builds;
    private readonly Histogram<double> duration;
    private readonly Counter<long> requests;

    /// <param name="services">Where the queue gauge finds the state store and backend (resolved at scrape time).</param>
    /// <param name="meterName">The meter's name; tests give each service its own so parallel services do not add up.</param>
    public ServiceMetrics(IServiceProvider services, string meterName = DefaultMeterName)
    {
        meter = new Meter(meterName);
        builds = meter.CreateCounter<long>("kmodforge.builds", "{build}", "Builds finished, by outcome (done, error, timed_out, not_applicable)");
        duration = meter.CreateHistogram<double>("kmodforge.build.duration", "s", "Time from a build's dispatch (else its creation) to its end, by outcome");
        requests = meter.CreateCounter<long>("kmodforge.build.requests", "{request}",
            "Accepted POST /build requests, by answer: published (from the release store), deduplicated (onto a running build), dispatched, dispatch_failed, not_applicable (a remembered not-applicable answer)");
        meter.CreateObservableGauge("kmodforge.builds.unfinished", () => Unfinished(services), "{build}", "Builds queued or in progress, by state");
    }

    public string MeterName => meter.Name;

    /// <summary>Counts a finished build with its outcome and duration.</summary>
    public void Finished(BuildState state, TimeSpan elapsed)
    {
        var outcome = new KeyValuePair<string, object?>("outcome", state.StoredName());
        builds.Add(1, outcome);
        duration.Record(Math.Max(0, elapsed.TotalSeconds), outcome);
    }

    /// <summary>Counts a POST /build answer.</summary>
    public void Answered(SubmitOutcome outcome) => requests.Add(1, new KeyValuePair<string, object?>("answer", outcome switch
    {
        AlreadyPublished => "published",
        NotApplicable => "not_applicable",
        BuildAccepted { Created: false } => "deduplicated",
        BuildAccepted => "dispatched",
        _ => "dispatch_failed",
    }));

    public void Dispose() => meter.Dispose();

    private static IEnumerable<Measurement<long>> Unfinished(IServiceProvider services)
    {
        var store = services.GetRequiredService<IBuildStore>();
        var backend = services.GetRequiredService<IBuildBackend>();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        var unfinished = store.ListUnfinishedAsync(backend.Name, timeout.Token).GetAwaiter().GetResult();
        return
        [
            new(unfinished.Count(b => b.State is BuildState.Dispatching or BuildState.Queued), new KeyValuePair<string, object?>("state", "queued")),
            new(unfinished.Count(b => b.State == BuildState.InProgress), new KeyValuePair<string, object?>("state", "in_progress")),
        ];
    }
}
