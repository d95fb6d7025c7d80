using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace KmodForge.TestSupport.GitHub;

/// <summary>One workflow run (<c>GET /actions/runs/{id}</c>), its jobs (<c>…/jobs</c>), a job's annotations (<c>GET /check-runs/{id}/annotations</c>) and cancelling it (<c>POST …/cancel</c>).</summary>
internal sealed class RunRoutes(LocalGitHubServer server)
{
    private readonly GitHubJson json = new(server);

    private GitHubState State => server.State;

    public void Map(RouteGroupBuilder repo)
    {
        repo.MapGet("/actions/runs/{id:long}", (long id) =>
        {
            lock (State.Gate)
            {
                return State.Runs.FirstOrDefault(r => r.Id == id) is { } run
                    ? LocalGitHubServer.Json(json.Run(run))
                    : LocalGitHubServer.Error(GitHubFault.NotFound);
            }
        }).Tag(GitHubEndpoints.RunGet);

        repo.MapGet("/actions/runs/{id:long}/jobs", (long id, HttpRequest request, HttpResponse response) =>
        {
            lock (State.Gate)
            {
                if (State.Runs.FirstOrDefault(r => r.Id == id) is not { } run)
                {
                    return LocalGitHubServer.Error(GitHubFault.NotFound);
                }

                var jobs = run.Jobs.ToList();
                var page = Pagination.Page(request, response, jobs, $"{server.RepoApi}/actions/runs/{id}/jobs");
                return LocalGitHubServer.Json(new JsonObject
                {
                    ["total_count"] = jobs.Count,
                    ["jobs"] = new JsonArray([.. page.Select(j => (JsonNode)json.Job(run, j))]),
                });
            }
        }).Tag(GitHubEndpoints.RunJobs);

        repo.MapGet("/check-runs/{id:long}/annotations", (long id) =>
        {
            lock (State.Gate)
            {
                // A job is a check run: the same id.
                return State.Runs.SelectMany(r => r.Jobs).FirstOrDefault(j => j.Id == id) is { } job
                    ? LocalGitHubServer.Json(new JsonArray([.. job.Annotations.Select(a => (JsonNode)new JsonObject
                    {
                        ["path"] = ".github",
                        ["blob_href"] = $"{server.RepoWeb}/blob/main/.github",
                        ["start_line"] = 1,
                        ["end_line"] = 1,
                        ["start_column"] = null,
                        ["end_column"] = null,
                        ["annotation_level"] = a.Level,
                        ["title"] = a.Title,
                        ["message"] = a.Message,
                        ["raw_details"] = null,
                    })]))
                    : LocalGitHubServer.Error(GitHubFault.NotFound);
            }
        }).Tag(GitHubEndpoints.CheckRunAnnotations);

        repo.MapPost("/actions/runs/{id:long}/cancel", (long id) =>
        {
            FakeRun? run;
            lock (State.Gate)
            {
                run = State.Runs.FirstOrDefault(r => r.Id == id);
            }

            if (run is null)
            {
                return LocalGitHubServer.Error(GitHubFault.NotFound);
            }

            if (run.Status == "completed" || server.Runner?.Cancel(id) != true)
            {
                return LocalGitHubServer.Error(GitHubFault.Json(409, new { message = "Cannot cancel a workflow run that is completed.", status = "409" }));
            }

            return LocalGitHubServer.Json(new JsonObject(), 202);
        }).Tag(GitHubEndpoints.RunCancel);
    }
}
