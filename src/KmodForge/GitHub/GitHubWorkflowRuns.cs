using System.Text.RegularExpressions;
using Octokit;
using KmodForge.Errors;

namespace KmodForge.GitHub;

/// <summary>
/// Finds a dispatched workflow's run by the build id its <c>run-name</c> carries
/// (<c>run-name: driver-build ${{ inputs.build_id }} ...</c>). GitHub reports the run-name as the run's
/// <c>display_title</c> (its <c>name</c> is the workflow's name), so both are searched, newest run first.
/// </summary>
public sealed class GitHubWorkflowRuns(GitHubApi github) : IWorkflowRuns
{
    /// <summary>How many of the newest dispatched runs are searched (GitHub pages hold 100).</summary>
    public const int PagesSearched = 3;

    public async Task<WorkflowRunInfo?> FindByBuildIdAsync(string workflowFile, string buildId, CancellationToken cancellationToken)
    {
        if (!GitHubSettings.IsWorkflowFile(workflowFile))
        {
            throw new ArgumentException($"workflow: {Printable.Quote(workflowFile)} is not a workflow file name", nameof(workflowFile));
        }

        if (string.IsNullOrWhiteSpace(buildId))
        {
            throw new ArgumentException("build id: (missing) a build id is required", nameof(buildId));
        }

        for (var page = 1; page <= PagesSearched; page++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var response = await GitHubErrors.Guard(async () =>
            {
                try
                {
                    return await github.Client.Actions.Workflows.Runs.ListByWorkflow(github.Owner, github.Name, workflowFile,
                        new WorkflowRunsRequest { Event = "workflow_dispatch" },
                        new ApiOptions { PageSize = 100, PageCount = 1, StartPage = page }).ConfigureAwait(false);
                }
                catch (NotFoundException e)
                {
                    throw new GitHubOperationException($"GitHub has no workflow {workflowFile} in {github.Repository}.", e);
                }
            }, github, $"list runs of {workflowFile}", GitHubPermission.ActionsRead).ConfigureAwait(false);

            var match = response.WorkflowRuns
                .Where(r => Matches(r.DisplayTitle, buildId) || Matches(r.Name, buildId))
                .OrderByDescending(r => r.CreatedAt)
                .FirstOrDefault();
            if (match is not null)
            {
                return new WorkflowRunInfo(match.Id, match.DisplayTitle ?? match.Name, match.Status.StringValue,
                    match.Conclusion?.StringValue, match.HtmlUrl, match.CreatedAt);
            }

            if (response.WorkflowRuns.Count < 100)
            {
                break;
            }
        }

        return null;
    }

    public async Task<string?> NotApplicableReasonAsync(long runId, CancellationToken cancellationToken)
    {
        var jobs = await GitHubErrors.Guard(() => github.Client.Actions.Workflows.Jobs.List(github.Owner, github.Name, runId),
            github, $"list the jobs of run {runId}", GitHubPermission.ActionsRead).ConfigureAwait(false);
        foreach (var job in jobs.Jobs)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var annotations = await GitHubErrors.Guard(() => github.Client.Check.Run.GetAllAnnotations(github.Owner, github.Name, job.Id),
                github, $"read the annotations of job {job.Id}", GitHubPermission.ChecksRead).ConfigureAwait(false);
            if (annotations.FirstOrDefault(a => a.Title == WorkflowContract.NotApplicableAnnotation) is { } found)
            {
                return found.Message;
            }
        }

        return null;
    }

    /// <summary>True when <paramref name="title"/> holds <paramref name="buildId"/> as a whole word (b-1 does not match b-12).</summary>
    public static bool Matches(string? title, string buildId) =>
        title is not null && Regex.IsMatch(title, $@"(?<![A-Za-z0-9_-]){Regex.Escape(buildId)}(?![A-Za-z0-9_-])", RegexOptions.CultureInvariant);
}
