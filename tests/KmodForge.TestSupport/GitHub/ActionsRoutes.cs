using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace KmodForge.TestSupport.GitHub;

/// <summary>
/// Workflow dispatches (204; a queued run is created whose <c>display_title</c> is the workflow's run-name with the
/// inputs filled in, and whose <c>name</c> is the workflow's name, as GitHub does) and listing a workflow's runs.
/// </summary>
internal sealed partial class ActionsRoutes(LocalGitHubServer server)
{
    private readonly GitHubJson json = new(server);

    /// <summary>GitHub's limit on a dispatch's inputs (their JSON), in characters.</summary>
    public const int MaxInputsPayload = 65_535;

    private GitHubState State => server.State;

    public void Map(RouteGroupBuilder repo)
    {
        repo.MapPost("/actions/workflows/{workflow}/dispatches", async (string workflow, HttpRequest request) =>
        {
            var body = await JsonNode.ParseAsync(request.Body).ConfigureAwait(false);
            var gitRef = body?["ref"]?.GetValue<string>();
            var inputs = body?["inputs"] as JsonObject ?? [];
            if (inputs.ToJsonString().Length > MaxInputsPayload)
            {
                // GitHub refuses a dispatch whose inputs payload is over 65,535 characters.
                return LocalGitHubServer.Error(GitHubFault.Json(422, new { message = $"inputs are too large. The maximum payload size is {MaxInputsPayload} characters", status = "422" }));
            }

            if (server.Runner is { } runner && RunnableRef(workflow, gitRef) is { } target)
            {
                if (inputs.Any(i => i.Value is not JsonValue v || v.GetValueKind() != JsonValueKind.String))
                {
                    return LocalGitHubServer.Error(GitHubFault.Json(422, new { message = "Invalid value for input: inputs must be strings", status = "422" }));
                }

                var given = inputs.ToDictionary(i => i.Key, i => i.Value!.GetValue<string>(), StringComparer.Ordinal);
                var answer = await runner.DispatchAsync(workflow, target.FullRef, target.Sha, given).ConfigureAwait(false);
                return answer.Status == 204
                    ? Results.StatusCode(204)
                    : LocalGitHubServer.Error(GitHubFault.Json(answer.Status, new
                    {
                        message = answer.Message,
                        documentation_url = "https://docs.github.com/rest/actions/workflows#create-a-workflow-dispatch-event",
                        status = answer.Status.ToString(System.Globalization.CultureInfo.InvariantCulture),
                    }));
            }

            lock (State.Gate)
            {
                if (!State.Workflows.TryGetValue(workflow, out var wf))
                {
                    return LocalGitHubServer.Error(GitHubFault.NotFound);
                }

                var branch = gitRef?.Replace("refs/heads/", string.Empty, StringComparison.Ordinal);
                if (branch is null || !State.Refs.TryGetValue("heads/" + branch, out var sha))
                {
                    return LocalGitHubServer.Error(GitHubFault.Json(422, new { message = $"No ref found for: {gitRef}", status = "422" }));
                }

                var unexpected = inputs.Select(i => i.Key).Where(k => !wf.Inputs.Contains(k)).ToList();
                if (unexpected.Count > 0)
                {
                    return LocalGitHubServer.Error(GitHubFault.Json(422, new { message = $"Unexpected inputs provided: {JsonSerializer.Serialize(unexpected)}", status = "422" }));
                }

                if (inputs.Any(i => i.Value is not JsonValue v || v.GetValueKind() != JsonValueKind.String))
                {
                    return LocalGitHubServer.Error(GitHubFault.Json(422, new { message = "Invalid value for input: inputs must be strings", status = "422" }));
                }

                var values = inputs.ToDictionary(i => i.Key, i => i.Value!.GetValue<string>(), StringComparer.Ordinal);
                var title = InputExpression().Replace(wf.RunName, m => values.GetValueOrDefault(m.Groups[1].Value, string.Empty));
                var number = State.Runs.Count(r => r.Workflow == wf) + 1;
                State.Runs.Add(new FakeRun(State.NextId(), wf, title, branch, sha, number, DateTimeOffset.UtcNow, values));
                return Results.StatusCode(204);
            }
        }).Tag(GitHubEndpoints.WorkflowDispatch);

        repo.MapGet("/actions/workflows/{workflow}/runs", (string workflow, HttpRequest request, HttpResponse response) =>
        {
            lock (State.Gate)
            {
                if (!State.Workflows.TryGetValue(workflow, out var wf))
                {
                    return LocalGitHubServer.Error(GitHubFault.NotFound);
                }

                var q = request.Query;
                var runs = State.Runs.Where(r => r.Workflow == wf)
                    .Where(r => q["branch"].ToString() is not { Length: > 0 } b || r.HeadBranch == b)
                    .Where(r => q["event"].ToString() is not { Length: > 0 } e || e == r.Event)
                    .Where(r => q["status"].ToString() is not { Length: > 0 } s || r.Status == s || r.Conclusion == s)
                    .OrderByDescending(r => r.CreatedAt).ThenByDescending(r => r.Id)
                    .ToList();
                var page = Pagination.Page(request, response, runs, $"{server.RepoApi}/actions/workflows/{workflow}/runs");
                return LocalGitHubServer.Json(new JsonObject
                {
                    ["total_count"] = runs.Count,
                    ["workflow_runs"] = new JsonArray([.. page.Select(r => (JsonNode)json.Run(r))]),
                });
            }
        }).Tag(GitHubEndpoints.WorkflowRuns);
    }

    /// <summary>The full ref and commit of a dispatch's ref (a branch or tag name) when the workflow file exists there.</summary>
    private (string FullRef, string Sha)? RunnableRef(string workflow, string? gitRef)
    {
        if (string.IsNullOrEmpty(gitRef))
        {
            return null;
        }

        var name = gitRef.StartsWith("refs/", StringComparison.Ordinal) ? gitRef["refs/".Length..] : gitRef;
        string? sha;
        string full;
        lock (State.Gate)
        {
            if (State.Refs.TryGetValue(name.StartsWith("heads/", StringComparison.Ordinal) || name.StartsWith("tags/", StringComparison.Ordinal) ? name : "heads/" + name, out sha))
            {
                full = "refs/" + (name.StartsWith("heads/", StringComparison.Ordinal) || name.StartsWith("tags/", StringComparison.Ordinal) ? name : "heads/" + name);
            }
            else if (State.Refs.TryGetValue("tags/" + name, out sha))
            {
                full = "refs/tags/" + name;
            }
            else
            {
                return null;
            }
        }

        return RepositorySnapshot.ReadText(State, sha, ".github/workflows/" + workflow) is null ? null : (full, sha);
    }

    [GeneratedRegex(@"\$\{\{\s*(?:github\.event\.)?inputs\.([A-Za-z0-9_-]+)\s*\}\}")]
    private static partial Regex InputExpression();
}
