using KmodForge.Service.Backends;
using KmodForge.Service.Builds;
using KmodForge.Service.State;

namespace KmodForge.Service.Api;

/// <summary>
/// Readiness: the state database answers, the release store answers (a lookup of a name that never exists, remembered
/// for 30 s so health checks do not spend the store's rate limit), and the backend is configured.
/// </summary>
public sealed class HealthProbe(IBuildStore store, PublishedPackages published, IBuildBackend backend, TimeProvider time)
{
    private static readonly TimeSpan ReleaseStoreCheckEvery = TimeSpan.FromSeconds(30);
    private readonly SemaphoreSlim releaseStoreGate = new(1, 1);
    private (HealthCheck Check, DateTimeOffset At)? releaseStoreCheck;

    public async Task<HealthResponse> CheckAsync(CancellationToken cancellationToken)
    {
        var checks = new Dictionary<string, HealthCheck>(StringComparer.Ordinal)
        {
            ["state_store"] = await CheckAsync(() => store.PingAsync(cancellationToken), store.Description).ConfigureAwait(false),
            ["release_store"] = await ReleaseStoreAsync(cancellationToken).ConfigureAwait(false),
            ["backend"] = new(backend.Readiness.Ready, backend.Readiness.Detail),
        };
        var ready = checks.Values.All(c => c.Ok);
        return new HealthResponse(ready ? "ok" : "degraded", Live: true, ready, checks);
    }

    private async Task<HealthCheck> ReleaseStoreAsync(CancellationToken cancellationToken)
    {
        await releaseStoreGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var now = time.GetUtcNow();
            if (releaseStoreCheck is { } last && now - last.At < ReleaseStoreCheckEvery)
            {
                return last.Check;
            }

            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(TimeSpan.FromSeconds(10));
            var check = await CheckAsync(
                () => published.Store.FindAsync("kmodforge-healthz", "kmodforge-healthz.probe", timeout.Token), published.Store.Description).ConfigureAwait(false);
            releaseStoreCheck = (check, now);
            return check;
        }
        finally
        {
            releaseStoreGate.Release();
        }
    }

    private static async Task<HealthCheck> CheckAsync(Func<Task> probe, string description)
    {
        try
        {
            await probe().ConfigureAwait(false);
            return new HealthCheck(true, description);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            return new HealthCheck(false, $"{description}: {e.Message}");
        }
        catch (OperationCanceledException)
        {
            return new HealthCheck(false, $"{description}: no answer within 10 s");
        }
    }
}
