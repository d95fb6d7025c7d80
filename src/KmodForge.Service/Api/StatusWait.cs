using KmodForge.Service.Builds;
using KmodForge.Service.State;
using Microsoft.Extensions.Primitives;

namespace KmodForge.Service.Api;

/// <summary>
/// <c>GET /status/{id}</c> as a long poll: with <c>Prefer: wait=N</c> (RFC 7240) the answer for an unfinished build is
/// held until its record changes (or N seconds, at most <see cref="Max"/>, pass), and says
/// <c>Preference-Applied: wait=N</c>. A node waiting at boot learns "done" as the build records it, not at its next
/// poll, and asks far less often. Without the header the answer is immediate, as before.
/// </summary>
public static class StatusWait
{
    /// <summary>The longest wait granted: below the idle timeouts of common proxies and load balancers (60 s).</summary>
    public static TimeSpan Max { get; } = TimeSpan.FromSeconds(30);

    /// <summary>How often a waiting request reads the record again, for changes written by another service process.</summary>
    public static TimeSpan Recheck { get; } = TimeSpan.FromSeconds(2);

    /// <summary>The wait the <c>Prefer</c> header asks for (capped at <see cref="Max"/>), or null when it asks for none.</summary>
    public static TimeSpan? Requested(StringValues prefer)
    {
        foreach (var header in prefer)
        {
            foreach (var preference in (header ?? "").Split(','))
            {
                // A preference may carry parameters after ';' (RFC 7240 section 2); wait has none of its own.
                var token = preference.Split(';')[0].Trim();
                var equals = token.IndexOf('=', StringComparison.Ordinal);
                if (equals > 0 && token[..equals].Trim().Equals("wait", StringComparison.OrdinalIgnoreCase)
                    && token[(equals + 1)..].Trim().Trim('"') is { Length: > 0 and <= 9 } digits && digits.All(char.IsAsciiDigit))
                {
                    var seconds = int.Parse(digits, System.Globalization.CultureInfo.InvariantCulture);
                    return seconds == 0 ? null : TimeSpan.FromSeconds(Math.Min(seconds, Max.TotalSeconds));
                }
            }
        }

        return null;
    }

    /// <summary>The <c>Preference-Applied</c> value for a granted wait.</summary>
    public static string Applied(TimeSpan wait) => $"wait={(int)wait.TotalSeconds}";

    /// <summary>
    /// The build's record once it differs from the first read (state or update time), or once <paramref name="wait"/>
    /// passed or <paramref name="stopping"/> (the service shuts down) fired; at once when the build is unknown or finished.
    /// </summary>
    public static async Task<BuildRecord?> UntilChangedAsync(
        IBuildStore store, BuildChanges changes, string id, TimeSpan wait, TimeProvider time, CancellationToken stopping, CancellationToken aborted)
    {
        var deadline = time.GetUtcNow() + wait;
        var changed = changes.Next(id);
        var first = await store.GetAsync(id, aborted).ConfigureAwait(false);
        var current = first;
        using var both = CancellationTokenSource.CreateLinkedTokenSource(stopping, aborted);
        while (current is not null && !current.State.IsFinished() && current.State == first!.State && current.UpdatedAt == first.UpdatedAt)
        {
            var left = deadline - time.GetUtcNow();
            if (left <= TimeSpan.Zero || stopping.IsCancellationRequested)
            {
                break;
            }

            try
            {
                await changed.WaitAsync(left < Recheck ? left : Recheck, time, both.Token).ConfigureAwait(false);
            }
            catch (TimeoutException)
            {
            }
            catch (OperationCanceledException) when (!aborted.IsCancellationRequested)
            {
                // The service is stopping: answer with what the record says now.
            }

            changed = changes.Next(id);
            current = await store.GetAsync(id, aborted).ConfigureAwait(false);
        }

        if (current is null || current.State.IsFinished())
        {
            // Nothing will change any more: wake (and so forget) whoever else waits on it.
            changes.Changed(id);
        }

        return current;
    }
}
