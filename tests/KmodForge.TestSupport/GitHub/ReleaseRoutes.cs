using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace KmodForge.TestSupport.GitHub;

/// <summary>Releases and release assets: list (paginated, assets embedded), by tag, create, list assets (paginated), upload, get, delete, download.</summary>
internal sealed class ReleaseRoutes(LocalGitHubServer server)
{
    private readonly GitHubJson json = new(server);

    private GitHubState State => server.State;

    public void Map(WebApplication app, RouteGroupBuilder repo)
    {
        repo.MapGet("/releases/tags/{tag}", (string tag) =>
        {
            lock (State.Gate)
            {
                var release = State.Releases.FirstOrDefault(r => r.Tag == tag);
                return release is null ? LocalGitHubServer.Error(GitHubFault.NotFound) : LocalGitHubServer.Json(json.Release(release));
            }
        }).Tag(GitHubEndpoints.ReleaseByTag);

        // Newest first, paginated, each release with its assets embedded (as GitHub lists them).
        repo.MapGet("/releases", (HttpRequest request, HttpResponse response) =>
        {
            lock (State.Gate)
            {
                var page = Pagination.Page(request, response, [.. State.Releases.AsEnumerable().Reverse()], $"{server.RepoApi}/releases");
                return LocalGitHubServer.Json(new JsonArray([.. page.Select(r => (JsonNode)json.Release(r))]));
            }
        }).Tag(GitHubEndpoints.ReleaseList);

        repo.MapPost("/releases", async (HttpRequest request) =>
        {
            var body = await JsonNode.ParseAsync(request.Body).ConfigureAwait(false);
            var tag = body?["tag_name"]?.GetValue<string>();
            if (string.IsNullOrEmpty(tag))
            {
                return LocalGitHubServer.Error(GitHubFault.Json(422, new { message = "Validation Failed", errors = new[] { new { resource = "Release", code = "missing_field", field = "tag_name" } } }));
            }

            lock (State.Gate)
            {
                if (State.Releases.Any(r => r.Tag == tag))
                {
                    return LocalGitHubServer.Error(GitHubFault.AlreadyExists("Release", "tag_name"));
                }

                var release = State.CreateRelease(tag, body?["target_commitish"]?.GetValue<string>() ?? server.DefaultBranch,
                    body?["name"]?.GetValue<string>(), body?["body"]?.GetValue<string>() ?? string.Empty);
                return LocalGitHubServer.Json(json.Release(release), 201, $"{server.RepoApi}/releases/{release.Id}");
            }
        }).Tag(GitHubEndpoints.ReleaseCreate);

        repo.MapGet("/releases/{id:long}/assets", (long id, HttpRequest request, HttpResponse response) =>
        {
            lock (State.Gate)
            {
                var release = State.Releases.FirstOrDefault(r => r.Id == id);
                if (release is null)
                {
                    return LocalGitHubServer.Error(GitHubFault.NotFound);
                }

                var page = Pagination.Page(request, response, release.Assets, $"{server.RepoApi}/releases/{id}/assets");
                return LocalGitHubServer.Json(new JsonArray([.. page.Select(a => (JsonNode)json.Asset(release, a))]));
            }
        }).Tag(GitHubEndpoints.AssetList);

        repo.MapGet("/releases/assets/{id:long}", (long id, HttpRequest request) =>
        {
            lock (State.Gate)
            {
                var (release, asset) = Find(id);
                if (asset is null)
                {
                    return LocalGitHubServer.Error(GitHubFault.NotFound);
                }

                // With Accept: application/octet-stream GitHub answers 302 to a signed storage URL.
                return request.Headers.Accept.ToString().Contains("application/octet-stream", StringComparison.Ordinal)
                    ? Results.Redirect(StorageUrl(asset))
                    : LocalGitHubServer.Json(json.Asset(release!, asset));
            }
        }).Tag(GitHubEndpoints.AssetGet);

        repo.MapDelete("/releases/assets/{id:long}", (long id) =>
        {
            lock (State.Gate)
            {
                var (release, asset) = Find(id);
                if (asset is null)
                {
                    return LocalGitHubServer.Error(GitHubFault.NotFound);
                }

                release!.Assets.Remove(asset);
                return Results.StatusCode(204);
            }
        }).Tag(GitHubEndpoints.AssetDelete);

        // uploads.github.com's path, as GitHub Enterprise serves it under /api/uploads (the release's upload_url).
        app.MapPost("/api/uploads/repos/{owner}/{repo}/releases/{id:long}/assets", Upload).Tag(GitHubEndpoints.AssetUpload);

        app.MapGet("/{owner}/{repo}/releases/download/{tag}/{name}", (string tag, string name) =>
        {
            lock (State.Gate)
            {
                var asset = State.Releases.FirstOrDefault(r => r.Tag == tag)?.Assets.FirstOrDefault(a => a.Name == name && a.State == "uploaded");
                return asset is null ? Results.Text("Not Found", "text/plain", statusCode: 404) : Results.Redirect(StorageUrl(asset));
            }
        }).Tag(GitHubEndpoints.AssetBrowserDownload);

        // Object storage: like S3, it refuses a request that carries a second auth mechanism (the GitHub token).
        app.MapGet("/_objects/release-assets/{id:long}", (long id, HttpRequest request) =>
        {
            if (request.Headers.Authorization.Count > 0)
            {
                return Results.Text("<Error><Code>InvalidArgument</Code><Message>Only one auth mechanism allowed</Message></Error>", "application/xml", statusCode: 400);
            }

            lock (State.Gate)
            {
                var (_, asset) = Find(id);
                return asset is null ? Results.StatusCode(404) : Results.File(asset.Content, "application/octet-stream", asset.Name);
            }
        });
    }

    private async Task<IResult> Upload(string owner, string repo, long id, HttpRequest request)
    {
        if (!string.Equals(owner, server.Owner, StringComparison.OrdinalIgnoreCase) || !string.Equals(repo, server.Repo, StringComparison.OrdinalIgnoreCase))
        {
            return LocalGitHubServer.Error(GitHubFault.NotFound);
        }

        var name = request.Query["name"].ToString();
        if (string.IsNullOrEmpty(name) || string.IsNullOrEmpty(request.ContentType))
        {
            return LocalGitHubServer.Error(GitHubFault.Json(422, new { message = "Validation Failed", errors = new[] { new { resource = "ReleaseAsset", code = "missing_field", field = string.IsNullOrEmpty(name) ? "name" : "content_type" } } }));
        }

        using var buffer = new MemoryStream();
        await request.Body.CopyToAsync(buffer).ConfigureAwait(false);
        if (request.ContentLength is { } length && length != buffer.Length)
        {
            return LocalGitHubServer.Error(GitHubFault.Json(400, new { message = "Content-Length does not match the body" }));
        }

        lock (State.Gate)
        {
            var release = State.Releases.FirstOrDefault(r => r.Id == id);
            if (release is null)
            {
                return LocalGitHubServer.Error(GitHubFault.NotFound);
            }

            var stored = GitHubAssetNaming(name);
            if (release.Assets.Any(a => a.Name == stored))
            {
                return LocalGitHubServer.Error(GitHubFault.AlreadyExists("ReleaseAsset", "name"));
            }

            if (release.Assets.Count >= State.MaxAssetsPerRelease)
            {
                return LocalGitHubServer.Error(GitHubFault.Json(422, new { message = "Validation Failed", errors = new[] { new { resource = "ReleaseAsset", code = "custom", field = "name", message = $"Release may not have more than {State.MaxAssetsPerRelease} assets" } } }));
            }

            var asset = State.AddAsset(release, stored, buffer.ToArray(), request.ContentType);
            return LocalGitHubServer.Json(json.Asset(release, asset), 201);
        }
    }

    /// <summary>GitHub renames asset names with characters outside letters, digits, '.', '-' and '_' (each becomes '.').</summary>
    private static string GitHubAssetNaming(string name) =>
        new([.. name.Select(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '-' or '_' ? c : '.')]);

    private string StorageUrl(FakeAsset asset) =>
        $"{server.WebBase}/_objects/release-assets/{asset.Id}?X-Amz-Signature={Guid.NewGuid():N}&response-content-disposition=attachment";

    private (FakeRelease? Release, FakeAsset? Asset) Find(long assetId)
    {
        foreach (var release in State.Releases)
        {
            if (release.Assets.FirstOrDefault(a => a.Id == assetId) is { } asset)
            {
                return (release, asset);
            }
        }

        return (null, null);
    }
}
