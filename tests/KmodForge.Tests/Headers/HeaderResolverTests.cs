using KmodForge.Diagnostics;
using KmodForge.Headers;
using KmodForge.Targets;

namespace KmodForge.Tests.Headers;

public sealed class HeaderResolverTests
{
    /// <summary>A header source with a fixed answer (the resolver's contract is only the order and the record).</summary>
    private sealed class FixedSource(HeaderSourceKind kind, bool found) : IHeaderSource
    {
        public int Calls { get; private set; }

        public HeaderSourceKind Kind => kind;

        public Task<HeaderSourceAnswer> ResolveAsync(BuildTarget target, string baseImage, CancellationToken cancellationToken)
        {
            Calls++;
            return Task.FromResult(found
                ? HeaderSourceAnswer.Found(new HeaderPlan(kind, ["pkg"], "true", $"{kind}: pkg"), $"{kind} pkg")
                : HeaderSourceAnswer.NotFound(kind, $"{kind} kernel-devel-{target.KernelRelease}", "404 Not Found"));
        }
    }

    private static readonly BuildTarget Fedora = BuildTarget.Create("fedora", null, "6.14.0-63.fc42.x86_64", "x86_64", "v1.0.0");

    [Fact]
    public async Task Tries_sources_in_the_registry_order_and_stops_at_the_first_that_resolves()
    {
        var dnf = new FixedSource(HeaderSourceKind.Dnf, found: false);
        var url = new FixedSource(HeaderSourceKind.Url, found: true);
        var koji = new FixedSource(HeaderSourceKind.Koji, found: true);

        var (plan, attempts) = await new HeaderResolver([koji, url, dnf], NullBuildLog.Instance).ResolveAsync(Fedora, "base", CancellationToken.None);

        Assert.Equal(HeaderSourceKind.Url, plan.Source);
        Assert.Equal([HeaderSourceKind.Dnf, HeaderSourceKind.Url], attempts.Select(a => a.Source));
        Assert.Equal(0, koji.Calls);
    }

    [Fact]
    public async Task When_every_source_fails_the_error_lists_each_source_what_was_asked_and_the_answer()
    {
        var sources = new[] { new FixedSource(HeaderSourceKind.Dnf, false), new FixedSource(HeaderSourceKind.Url, false) };

        var error = await Assert.ThrowsAsync<HeadersNotFoundException>(() =>
            new HeaderResolver(sources, NullBuildLog.Instance).ResolveAsync(Fedora, "base", CancellationToken.None));

        Assert.Contains("fedora 42 x86_64 kernel 6.14.0-63.fc42.x86_64", error.Message, StringComparison.Ordinal);
        Assert.Contains("dnf: asked Dnf kernel-devel-6.14.0-63.fc42.x86_64; answer: 404 Not Found", error.Message, StringComparison.Ordinal);
        Assert.Contains("url: asked Url kernel-devel-6.14.0-63.fc42.x86_64; answer: 404 Not Found", error.Message, StringComparison.Ordinal);
        Assert.Contains("koji: asked -; answer: not configured in this build", error.Message, StringComparison.Ordinal);
        Assert.Equal(3, error.Attempts.Count);
    }
}
