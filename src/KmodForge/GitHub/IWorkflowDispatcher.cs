namespace KmodForge.GitHub;

/// <summary>Starts GitHub Actions workflows (<c>workflow_dispatch</c>). Transient faults are retried by the implementation.</summary>
public interface IWorkflowDispatcher
{
    /// <param name="workflowFile">The workflow file name, e.g. <c>matrix-build.yml</c>.</param>
    /// <param name="gitRef">The branch or tag to run on.</param>
    /// <param name="inputs">The workflow's inputs (all strings, as GitHub's API takes them).</param>
    Task DispatchAsync(string workflowFile, string gitRef, IReadOnlyDictionary<string, string> inputs, CancellationToken cancellationToken);

    /// <summary>The token's REST budget right now, or null when it is unknown (the default).</summary>
    Task<RateBudget?> RateBudgetAsync(CancellationToken cancellationToken) => Task.FromResult<RateBudget?>(null);
}

/// <summary>A workflow run as the build service tracks it.</summary>
/// <param name="Status">GitHub's status: queued, in_progress, completed (and waiting, requested, pending).</param>
/// <param name="Conclusion">When completed: success, failure, cancelled, timed_out...</param>
public sealed record WorkflowRunInfo(long Id, string Name, string Status, string? Conclusion, string HtmlUrl, DateTimeOffset CreatedAt);

/// <summary>Finds workflow runs; the build service finds its run by the build id placed in the run's name (run-name).</summary>
public interface IWorkflowRuns
{
    /// <summary>The newest run of <paramref name="workflowFile"/> whose name contains <paramref name="buildId"/>, or null.</summary>
    Task<WorkflowRunInfo?> FindByBuildIdAsync(string workflowFile, string buildId, CancellationToken cancellationToken);

    /// <summary>
    /// The reason a run's build was not applicable: the message of the annotation titled
    /// <see cref="WorkflowContract.NotApplicableAnnotation"/> one of its jobs left, or null when none did.
    /// </summary>
    Task<string?> NotApplicableReasonAsync(long runId, CancellationToken cancellationToken);
}
