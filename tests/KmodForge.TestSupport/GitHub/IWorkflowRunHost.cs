namespace KmodForge.TestSupport.GitHub;

/// <summary>What a dispatch answers: 204, or GitHub's status and message (422 for invalid inputs).</summary>
public sealed record DispatchAnswer(int Status, string? Message);

/// <summary>Runs workflows for <see cref="LocalGitHubServer"/>: dispatches (answered after validation) and cancellations.</summary>
public interface IWorkflowRunHost
{
    /// <summary>Starts a run of <paramref name="workflowFile"/> (its name under <c>.github/workflows/</c>) at the commit <paramref name="sha"/>.</summary>
    Task<DispatchAnswer> DispatchAsync(string workflowFile, string gitRef, string sha, IReadOnlyDictionary<string, string> inputs);

    /// <summary>Cancels run <paramref name="runId"/>; false when the runner does not know it or it has completed.</summary>
    bool Cancel(long runId);
}
