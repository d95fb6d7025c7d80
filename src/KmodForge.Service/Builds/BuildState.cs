namespace KmodForge.Service.Builds;

/// <summary>Where a build is. <see cref="Dispatching"/> is internal; the API shows it as <c>queued</c>.</summary>
public enum BuildState
{
    /// <summary>Recorded, and its dispatch to the backend has started but is not confirmed.</summary>
    Dispatching,

    /// <summary>Handed to the backend, waiting for a runner.</summary>
    Queued,

    InProgress,

    Done,

    Error,

    TimedOut,

    /// <summary>
    /// Finished without a package: the driver's dkms.conf <c>BUILD_EXCLUSIVE_*</c> rules exclude the target (the reason
    /// says which). Not a failure, and never retried: a new request for the same target gets this build's answer.
    /// </summary>
    NotApplicable,
}

public static class BuildStateNames
{
    /// <summary>The states a build can still leave; one such build at most per cache key.</summary>
    public static readonly IReadOnlyList<BuildState> Unfinished = [BuildState.Dispatching, BuildState.Queued, BuildState.InProgress];

    public static bool IsFinished(this BuildState state) => state is BuildState.Done or BuildState.Error or BuildState.TimedOut or BuildState.NotApplicable;

    /// <summary>The name stored in SQLite.</summary>
    public static string StoredName(this BuildState state) => state switch
    {
        BuildState.Dispatching => "dispatching",
        BuildState.Queued => "queued",
        BuildState.InProgress => "in_progress",
        BuildState.Done => "done",
        BuildState.Error => "error",
        BuildState.TimedOut => "timed_out",
        BuildState.NotApplicable => "not_applicable",
        _ => throw new ArgumentOutOfRangeException(nameof(state), state, null),
    };

    /// <summary>The status the API shows: a dispatch in flight is simply queued.</summary>
    public static string ApiName(this BuildState state) => state == BuildState.Dispatching ? "queued" : state.StoredName();

    public static BuildState Parse(string stored)
    {
        foreach (var state in Enum.GetValues<BuildState>())
        {
            if (state.StoredName() == stored)
            {
                return state;
            }
        }

        throw new InvalidDataException($"unknown build state '{stored}' in the state database");
    }
}
