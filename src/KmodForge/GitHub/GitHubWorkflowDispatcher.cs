using KmodForge.Errors;
using KmodForge.Targets;
using Octokit;

namespace KmodForge.GitHub;

/// <summary>
/// Starts workflows with <c>workflow_dispatch</c>. 5xx, timeouts and connection errors are retried with backoff by the
/// HTTP stack (the request body is replayable), rate limits are waited out; a dispatch that GitHub accepted but whose
/// answer was lost may therefore start a second run, which is why every dispatch carries a build id in its run-name.
/// </summary>
public sealed class GitHubWorkflowDispatcher(GitHubApi github) : IWorkflowDispatcher
{
    public async Task DispatchAsync(string workflowFile, string gitRef, IReadOnlyDictionary<string, string> inputs, CancellationToken cancellationToken)
    {
        if (!GitHubSettings.IsWorkflowFile(workflowFile))
        {
            throw new ArgumentException($"workflow: {Printable.Quote(workflowFile)} is not a workflow file name; accepted: name.yml or name.yaml", nameof(workflowFile));
        }

        if (GitHubSettings.InvalidBranch(gitRef))
        {
            throw new ArgumentException($"ref: {Printable.Quote(gitRef)} is not a branch or tag name", nameof(gitRef));
        }

        if (inputs.Count > 25)
        {
            throw new ArgumentException($"{workflowFile}: {inputs.Count} inputs given; GitHub accepts at most 25 per dispatch", nameof(inputs));
        }

        cancellationToken.ThrowIfCancellationRequested();
        var dispatch = new CreateWorkflowDispatch(gitRef) { Inputs = inputs.ToDictionary(i => i.Key, i => (object)i.Value, StringComparer.Ordinal) };
        try
        {
            await GitHubErrors.Guard(() => github.Client.Actions.Workflows.CreateDispatch(github.Owner, github.Name, workflowFile, dispatch),
                github, $"dispatch workflow {workflowFile} on {gitRef}", GitHubPermission.ActionsWrite).ConfigureAwait(false);
        }
        catch (NotFoundException e)
        {
            throw new GitHubOperationException($"GitHub has no workflow {workflowFile} in {github.Repository} (or the token cannot see it; it needs '{GitHubPermission.ActionsWrite}').", e);
        }
        catch (ApiValidationException e)
        {
            throw new GitHubOperationException($"GitHub refused to dispatch {workflowFile} on {gitRef} in {github.Repository}: {GitHubErrors.Message(e)} (inputs given: {string.Join(", ", inputs.Keys)}).", e);
        }

        github.Log.Info($"Dispatched {workflowFile} on {gitRef} in {github.Repository}");
    }

    /// <inheritdoc/>
    public Task<RateBudget?> RateBudgetAsync(CancellationToken cancellationToken) => github.ReadRateBudgetAsync(cancellationToken);
}
