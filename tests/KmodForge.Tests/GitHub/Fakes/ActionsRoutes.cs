using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace KmodForge.Tests.GitHub.Fakes;

/// <summary>
/// Workflow dispatches (204; a queued run is created whose <c>display_title</c> is the workflow's run-name with the
/// inputs filled in, and whose <c>name</c> is the workflow's name, as GitHub does) and listing a workflow's runs.
/// </summary>
internal sealed partial class ActionsRoutes(LocalGitHubServer server)
{
    private readonly GitHubJson json = new(server);

    private GitHubState State => server.State;

    public void Map(RouteGroupBuilder repo)
    {
        repo.MapPost("/actions/workflows/{workflow}/dispatches", async (string workflow, HttpRequest request) =>
        {
            var body = await JsonNode.ParseAsync(request.Body).ConfigureAwait(false);
            var gitRef = body?["ref"]?.GetValue<string>();
            var inputs = body?["inputs"] as JsonObject ?? [];
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
                    .Where(r => q["event"].ToString() is not { Length: > 0 } e || e == "workflow_dispatch")
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

    [GeneratedRegex(@"\$\{\{\s*(?:github\.event\.)?inputs\.([A-Za-z0-9_-]+)\s*\}\}")]
    private static partial Regex InputExpression();
}
