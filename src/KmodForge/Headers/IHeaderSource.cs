using KmodForge.Targets;

namespace KmodForge.Headers;

/// <summary>The answer of one header source: a plan, or why it has none.</summary>
public sealed record HeaderSourceAnswer(HeaderPlan? Plan, HeaderAttempt Attempt)
{
    public static HeaderSourceAnswer Found(HeaderPlan plan, string asked) =>
        new(plan, new HeaderAttempt(plan.Source, asked, "found: " + plan.Description));

    public static HeaderSourceAnswer NotFound(HeaderSourceKind source, string asked, string answer) =>
        new(null, new HeaderAttempt(source, asked, answer));
}

/// <summary>One place kernel headers can come from (apt, dnf, URLs, Koji, livepatch).</summary>
public interface IHeaderSource
{
    HeaderSourceKind Kind { get; }

    /// <summary>Resolves the exact packages or URLs for the target's kernel. <paramref name="baseImage"/> is the
    /// target's base image, for sources that ask the distro's own package manager.</summary>
    Task<HeaderSourceAnswer> ResolveAsync(BuildTarget target, string baseImage, CancellationToken cancellationToken);
}
