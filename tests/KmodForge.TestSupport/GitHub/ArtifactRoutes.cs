using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace KmodForge.TestSupport.GitHub;

/// <summary>A run's artifacts: list (name filter, paginated) and download (a redirect to storage, as GitHub answers).</summary>
internal sealed class ArtifactRoutes(LocalGitHubServer server)
{
    private GitHubState State => server.State;

    public void Map(WebApplication app, RouteGroupBuilder repo)
    {
        repo.MapGet("/actions/runs/{id:long}/artifacts", (long id, HttpRequest request, HttpResponse response) =>
        {
            lock (State.Gate)
            {
                var name = request.Query["name"].ToString();
                var all = State.Artifacts.Where(a => a.RunId == id && (name.Length == 0 || a.Name == name)).OrderByDescending(a => a.Id).ToList();
                var page = Pagination.Page(request, response, all, $"{server.RepoApi}/actions/runs/{id}/artifacts");
                return LocalGitHubServer.Json(new JsonObject { ["total_count"] = all.Count, ["artifacts"] = new JsonArray([.. page.Select(a => (JsonNode)Json(a))]) });
            }
        }).Tag(GitHubEndpoints.RunArtifacts);

        repo.MapGet("/actions/artifacts/{id:long}/zip", (long id) =>
        {
            lock (State.Gate)
            {
                var artifact = State.Artifacts.FirstOrDefault(a => a.Id == id);
                return artifact is null ? LocalGitHubServer.Error(GitHubFault.NotFound)
                    : artifact.Expired ? LocalGitHubServer.Error(GitHubFault.Json(410, new { message = "Artifact has expired" }))
                    : Results.Redirect($"{server.WebBase}/_objects/artifacts/{id}");
            }
        }).Tag(GitHubEndpoints.ArtifactDownload);

        app.MapGet("/_objects/artifacts/{id:long}", (long id, HttpRequest request) =>
        {
            if (request.Headers.Authorization.Count > 0)
            {
                return Results.Text("<Error><Code>InvalidArgument</Code><Message>Only one auth mechanism allowed</Message></Error>", "application/xml", statusCode: 400);
            }

            lock (State.Gate)
            {
                var artifact = State.Artifacts.FirstOrDefault(a => a.Id == id);
                return artifact is null ? Results.NotFound() : Results.Bytes(artifact.Zip, "application/zip");
            }
        });
    }

    private JsonObject Json(FakeArtifact a) => new()
    {
        ["id"] = a.Id,
        ["node_id"] = $"MDg6QXJ0aWZhY3Q{a.Id}",
        ["name"] = a.Name,
        ["size_in_bytes"] = a.Zip.Length,
        ["url"] = $"{server.RepoApi}/actions/artifacts/{a.Id}",
        ["archive_download_url"] = $"{server.RepoApi}/actions/artifacts/{a.Id}/zip",
        ["expired"] = a.Expired,
        ["digest"] = "sha256:" + Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(a.Zip)),
        ["created_at"] = a.CreatedAt.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", System.Globalization.CultureInfo.InvariantCulture),
        ["updated_at"] = a.CreatedAt.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", System.Globalization.CultureInfo.InvariantCulture),
        ["expires_at"] = a.CreatedAt.AddDays(7).UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", System.Globalization.CultureInfo.InvariantCulture),
        ["workflow_run"] = new JsonObject { ["id"] = a.RunId, ["repository_id"] = 1, ["head_repository_id"] = 1, ["head_branch"] = server.DefaultBranch, ["head_sha"] = new string('0', 40) },
    };
}
