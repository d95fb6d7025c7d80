using KmodForge.Publishing;

namespace KmodForge.Service.Builds;

/// <summary>What became of a build request.</summary>
public abstract record SubmitOutcome;

/// <summary>The package is already published: nothing was recorded or dispatched.</summary>
public sealed record AlreadyPublished(StoredPackage Package) : SubmitOutcome;

/// <summary>A build holds the request: new and dispatched by this request (<paramref name="Created"/>), or one already under way.</summary>
public sealed record BuildAccepted(BuildRecord Build, bool Created) : SubmitOutcome;

/// <summary>
/// An earlier build found that the driver does not apply to the target (dkms.conf <c>BUILD_EXCLUSIVE_*</c>): nothing
/// was recorded or dispatched; the answer is that build's, with its reason.
/// </summary>
public sealed record NotApplicable(BuildRecord Build) : SubmitOutcome;

/// <summary>A new build was recorded but its backend could not take it; the build is recorded as <c>error</c>.</summary>
public sealed record DispatchFailed(BuildRecord Build, string Reason) : SubmitOutcome;
