using KmodForge.Diagnostics;
using KmodForge.Targets;

namespace KmodForge.Headers;

/// <summary>
/// Tries a distribution's header sources in the registry's order until one resolves the exact packages, recording
/// every attempt; when all fail, throws <see cref="HeadersNotFoundException"/> listing each.
/// </summary>
public sealed class HeaderResolver(IEnumerable<IHeaderSource> sources, IBuildLog log)
{
    private readonly IReadOnlyDictionary<HeaderSourceKind, IHeaderSource> sources = sources.ToDictionary(s => s.Kind);

    /// <summary>
    /// The apt source when it is the first the target's distribution tries: it can resolve and install in one container
    /// run (<see cref="AptHeaderSource.ResolveAndInstallAsync"/>); null otherwise.
    /// </summary>
    public AptHeaderSource? FirstApt(BuildTarget target) =>
        target.Distribution.HeaderSources.FirstOrDefault() == HeaderSourceKind.Apt && sources.TryGetValue(HeaderSourceKind.Apt, out var source)
            ? source as AptHeaderSource
            : null;

    /// <summary>Tries the sources in order, after <paramref name="tried"/> (attempts already made, whose sources are skipped).</summary>
    public async Task<(HeaderPlan Plan, IReadOnlyList<HeaderAttempt> Attempts)> ResolveAsync(
        BuildTarget target, string baseImage, CancellationToken cancellationToken, IReadOnlyList<HeaderAttempt>? tried = null)
    {
        var attempts = new List<HeaderAttempt>(tried ?? []);
        foreach (var kind in target.Distribution.HeaderSources.Where(k => attempts.All(a => a.Source != k)))
        {
            if (!sources.TryGetValue(kind, out var source))
            {
                attempts.Add(new HeaderAttempt(kind, "-", "not configured in this build"));
                continue;
            }

            var answer = await source.ResolveAsync(target, baseImage, cancellationToken).ConfigureAwait(false);
            attempts.Add(answer.Attempt);
            log.Info($"headers: {kind.ToString().ToLowerInvariant()}: {answer.Attempt.Answer}");
            if (answer.Plan is not null)
            {
                return (answer.Plan, attempts);
            }
        }

        throw new HeadersNotFoundException(target, attempts);
    }
}
