using KmodForge.Naming;
using KmodForge.Targets;

namespace KmodForge.Service.Builds;

/// <summary>One build as the state database holds it.</summary>
/// <param name="CacheKey">The <see cref="Naming.CacheKey.Id"/> of the target: at most one unfinished build per key.</param>
/// <param name="Request">The validated target, as a request (distro version resolved).</param>
/// <param name="Backend">The backend that owns it (<c>local</c>, <c>github</c>).</param>
/// <param name="Reason">Why the build is where it is (failure reason, or what it waits for).</param>
/// <param name="Location">Where the package can be fetched, once done.</param>
/// <param name="DispatchedAt">When the backend confirmed the dispatch; the build timeout counts from here.</param>
/// <param name="DispatchAttempts">How many times the build was dispatched (more than one only after crash recovery).</param>
public sealed record BuildRecord(
    string Id,
    string CacheKey,
    BuildRequest Request,
    string Backend,
    BuildState State,
    string? Reason,
    string? Location,
    string? PackageSha256,
    long? RunId,
    string? RunUrl,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    DateTimeOffset? DispatchedAt,
    int DispatchAttempts)
{
    /// <summary>The minisign key id of the published package's signature, once done (null: unsigned).</summary>
    public string? SignatureKeyId { get; init; }

    /// <summary>A new build for a target, not yet dispatched.</summary>
    public static BuildRecord Create(CacheKey key, string backend, DateTimeOffset now) =>
        new(BuildId.New(), key.Id, key.Target.ToRequest(), backend, BuildState.Dispatching, null, null, null, null, null, now, now, null, 0);

    /// <summary>The target again (it passed validation when the build was created; validation is re-run, never trusted).</summary>
    public BuildTarget Target() => TargetValidator.Validate(Request).GetTargetOrThrow();
}

/// <summary>A change to a build's state and what comes with it; null fields keep their stored values.</summary>
public sealed record BuildUpdate(
    BuildState State,
    string? Reason = null,
    string? Location = null,
    string? PackageSha256 = null,
    long? RunId = null,
    string? RunUrl = null)
{
    /// <summary>The minisign key id of the published package's signature.</summary>
    public string? SignatureKeyId { get; init; }
}
