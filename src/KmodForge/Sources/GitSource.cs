using KmodForge.Diagnostics;
using KmodForge.Errors;

namespace KmodForge.Sources;

/// <summary>
/// Materializes a git repository at a ref: <c>git ls-remote</c> turns the ref into a commit (a full commit id needs
/// no lookup); the commit's tree is cached as <c>sources/git-&lt;commit&gt;</c>, so a re-run only asks the remote which
/// commit the ref names. A missing commit is fetched shallowly (<c>--depth 1</c>) into a temporary repository, checked
/// out, and its <c>.git</c> removed. Submodules are not fetched.
/// </summary>
public sealed class GitSource(GitCommand git, IBuildLog log)
{
    /// <summary>The materialized directory and the commit it holds.</summary>
    public async Task<(string Directory, string Commit, bool Cached)> MaterializeAsync(ModuleSourceSpec spec, SourceCache cache, CancellationToken cancellationToken)
    {
        var location = spec.Location;
        var (fetchRef, commit) = spec.Ref is { } r && GitLocation.IsCommitId(r)
            ? (r, r.ToLowerInvariant())
            : await ResolveAsync(location, spec.Ref, cancellationToken).ConfigureAwait(false);
        log.Info($"module source {spec.Display}: commit {commit}");
        var fetched = commit;
        var (directory, cached) = await cache.GetOrCreateAsync("git-" + commit, async temp =>
        {
            await git.RunAsync(["init", "-q", temp], location, cancellationToken).ConfigureAwait(false);
            await git.RunAsync(["-C", temp, "fetch", "-q", "--depth", "1", "--no-tags", "--", location, fetchRef], location, cancellationToken).ConfigureAwait(false);
            fetched = (await git.RunAsync(["-C", temp, "rev-parse", "--verify", "FETCH_HEAD^{commit}"], location, cancellationToken).ConfigureAwait(false)).StandardOutput.Trim();
            await git.RunAsync(["-C", temp, "-c", "advice.detachedHead=false", "checkout", "-q", "--detach", "FETCH_HEAD"], location, cancellationToken).ConfigureAwait(false);
            Directory.Delete(Path.Combine(temp, ".git"), recursive: true);
        }).ConfigureAwait(false);
        if (!string.Equals(fetched, commit, StringComparison.OrdinalIgnoreCase))
        {
            throw new GitSourceException($"{GitLocation.Quote(location)} moved {Printable.Quote(spec.Ref)} while it was fetched ({commit} → {fetched}); run the build again");
        }

        return (directory, commit, cached);
    }

    /// <summary>The full ref name to fetch and its commit: a tag (peeled), then a branch, then the ref as given (HEAD when none).</summary>
    private async Task<(string Ref, string Commit)> ResolveAsync(string location, string? gitRef, CancellationToken cancellationToken)
    {
        var wanted = gitRef ?? "HEAD";
        var output = await git.RunAsync(["ls-remote", "--", location, wanted, wanted + "^{}"], location, cancellationToken).ConfigureAwait(false);
        var refs = output.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(l => l.Split('\t')).Where(p => p.Length == 2).ToDictionary(p => p[1], p => p[0], StringComparer.Ordinal);
        string[] order = [$"refs/tags/{wanted}^{{}}", $"refs/tags/{wanted}", $"refs/heads/{wanted}", wanted];
        foreach (var name in order)
        {
            if (refs.TryGetValue(name, out var commit))
            {
                return (name.EndsWith("^{}", StringComparison.Ordinal) ? name[..^3] : name, commit);
            }
        }

        var some = string.Join(", ", refs.Keys.Take(5));
        throw new ModuleSourceException(
            $"{ModuleSourceParser.RefField}: {Printable.Quote(wanted)} is not a tag, branch or ref of {GitLocation.Quote(location)}" +
            (refs.Count == 0 ? string.Empty : $" (similar names there: {some})") + "; give one of its tags or branches, or a full 40-hex commit id");
    }
}
