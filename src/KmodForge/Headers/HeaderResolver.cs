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

    public async Task<(HeaderPlan Plan, IReadOnlyList<HeaderAttempt> Attempts)> ResolveAsync(BuildTarget target, string baseImage, CancellationToken cancellationToken)
    {
        var attempts = new List<HeaderAttempt>();
        foreach (var kind in target.Distribution.HeaderSources)
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
