namespace KmodForge.Net;

/// <summary>How network calls are retried: attempts, backoff and the per-attempt timeout.</summary>
public sealed record RetryOptions
{
    public int MaxAttempts { get; init; } = 4;

    public TimeSpan BaseDelay { get; init; } = TimeSpan.FromSeconds(1);

    public TimeSpan MaxDelay { get; init; } = TimeSpan.FromSeconds(30);

    public TimeSpan AttemptTimeout { get; init; } = TimeSpan.FromSeconds(100);

    public static RetryOptions Default { get; } = new();

    /// <summary>The delay before retry number <paramref name="attempt"/> (1-based): exponential with jitter, capped.</summary>
    public TimeSpan DelayFor(int attempt)
    {
        var exponential = BaseDelay.TotalMilliseconds * Math.Pow(2, attempt - 1);
        var jitter = Random.Shared.NextDouble() * BaseDelay.TotalMilliseconds;
        return TimeSpan.FromMilliseconds(Math.Min(exponential + jitter, MaxDelay.TotalMilliseconds));
    }
}
