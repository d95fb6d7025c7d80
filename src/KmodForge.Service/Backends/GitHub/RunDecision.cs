using KmodForge.GitHub;
using KmodForge.Service.Builds;

namespace KmodForge.Service.Backends.GitHub;

/// <summary>What to do with a GitHub build after one look at its run.</summary>
public enum RunAction
{
    /// <summary>Nothing changed; look again next poll.</summary>
    Wait,

    /// <summary>Apply <see cref="RunDecision.Update"/>.</summary>
    Update,

    /// <summary>The run succeeded: look for the package in the release store, then done (or error when it is missing).</summary>
    CheckPackage,

    /// <summary>A build left <c>dispatching</c> by a crashed process has no run after the grace period: dispatch it again.</summary>
    Redispatch,
}

/// <param name="Adopt">True when a build left <c>dispatching</c> has a run: record the dispatch first.</param>
public sealed record RunDecision(RunAction Action, BuildUpdate? Update = null, bool Adopt = false, WorkflowRunInfo? Run = null);
