using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace KmodForge.TestSupport.GitHub;

/// <summary>Git refs, file contents (one file per commit snapshot) and pull requests.</summary>
internal sealed class RepositoryRoutes(LocalGitHubServer server)
{
    private readonly GitHubJson json = new(server);

    private GitHubState State => server.State;

    public void Map(RouteGroupBuilder repo)
    {
        repo.MapGet(string.Empty, () => LocalGitHubServer.Json(json.Repository())).Tag(GitHubEndpoints.RepositoryGet);

        // GET /git/ref/{ref} is the documented form; /git/refs/{ref} is the older one clients still use.
        foreach (var pattern in new[] { "/git/ref/{**name}", "/git/refs/{**name}" })
        {
            repo.MapGet(pattern, (string name) =>
            {
                lock (State.Gate)
                {
                    return State.Refs.TryGetValue(name, out var sha)
                        ? LocalGitHubServer.Json(json.Ref(name, sha))
                        : LocalGitHubServer.Error(GitHubFault.NotFound);
                }
            }).Tag(GitHubEndpoints.RefGet);
        }

        repo.MapPost("/git/refs", async (HttpRequest request) =>
        {
            var body = await JsonNode.ParseAsync(request.Body).ConfigureAwait(false);
            var full = body?["ref"]?.GetValue<string>() ?? string.Empty;
            var sha = body?["sha"]?.GetValue<string>() ?? string.Empty;
            if (!full.StartsWith("refs/", StringComparison.Ordinal) || full.Count(c => c == '/') < 2)
            {
                return LocalGitHubServer.Error(GitHubFault.Json(422, new { message = "Reference name must start with 'refs/' and have at least two slashes.", status = "422" }));
            }

            lock (State.Gate)
            {
                var name = full["refs/".Length..];
                if (State.Refs.ContainsKey(name))
                {
                    return LocalGitHubServer.Error(GitHubFault.Json(422, new { message = "Reference already exists", documentation_url = "https://docs.github.com/rest/git/refs#create-a-reference", status = "422" }));
                }

                if (!State.Commits.ContainsKey(sha))
                {
                    return LocalGitHubServer.Error(GitHubFault.Json(422, new { message = "Object does not exist", status = "422" }));
                }

                State.Refs[name] = sha;
                return LocalGitHubServer.Json(json.Ref(name, sha), 201, $"{server.RepoApi}/git/refs/{name}");
            }
        }).Tag(GitHubEndpoints.RefCreate);

        repo.MapGet("/git/blobs/{sha}", (string sha) =>
        {
            lock (State.Gate)
            {
                var content = State.Commits.Values.SelectMany(files => files.Values).FirstOrDefault(c => GitHubState.BlobSha(c) == sha);
                return content is null ? LocalGitHubServer.Error(GitHubFault.NotFound) : LocalGitHubServer.Json(json.Blob(sha, content));
            }
        }).Tag(GitHubEndpoints.BlobGet);

        repo.MapGet("/contents/{**path}", (string path, HttpRequest request) =>
        {
            var branch = request.Query["ref"].ToString() is { Length: > 0 } r ? r : server.DefaultBranch;
            lock (State.Gate)
            {
                return State.Refs.TryGetValue("heads/" + branch, out var head) && State.Commits[head].TryGetValue(path, out var content)
                    ? LocalGitHubServer.Json(json.Content(path, content, branch, withBody: true))
                    : LocalGitHubServer.Error(GitHubFault.NotFound);
            }
        }).Tag(GitHubEndpoints.ContentsGet);

        repo.MapPut("/contents/{**path}", async (string path, HttpRequest request) =>
        {
            var body = await JsonNode.ParseAsync(request.Body).ConfigureAwait(false);
            var message = body?["message"]?.GetValue<string>();
            var base64 = body?["content"]?.GetValue<string>();
            var branch = body?["branch"]?.GetValue<string>() ?? server.DefaultBranch;
            var sha = body?["sha"]?.GetValue<string>();
            if (string.IsNullOrEmpty(message) || base64 is null)
            {
                return LocalGitHubServer.Error(GitHubFault.Json(422, new { message = "Invalid request.\n\n\"message\" and \"content\" are required.", status = "422" }));
            }

            lock (State.Gate)
            {
                if (!State.Refs.TryGetValue("heads/" + branch, out var head))
                {
                    return LocalGitHubServer.Error(GitHubFault.Json(404, new { message = $"Branch {branch} not found", status = "404" }));
                }

                var files = State.Commits[head];
                var exists = files.TryGetValue(path, out var current);
                if (exists && sha is null)
                {
                    return LocalGitHubServer.Error(GitHubFault.Json(422, new { message = "Invalid request.\n\n\"sha\" wasn't supplied.", status = "422" }));
                }

                if (exists && sha != GitHubState.BlobSha(current!))
                {
                    return LocalGitHubServer.Error(GitHubFault.Json(409, new { message = $"{path} does not match {sha}", status = "409" }));
                }

                var bytes = Convert.FromBase64String(base64);
                var commit = GitHubState.NewSha();
                State.Commits[commit] = files.SetItem(path, bytes);
                State.CommitTimes[commit] = DateTimeOffset.UtcNow;
                if (State.Executables.TryGetValue(head, out var executables))
                {
                    State.Executables[commit] = executables;
                }

                State.Refs["heads/" + branch] = commit;
                var result = new JsonObject { ["content"] = json.Content(path, bytes, branch, withBody: false), ["commit"] = json.Commit(commit, message) };
                return LocalGitHubServer.Json(result, exists ? 200 : 201);
            }
        }).Tag(GitHubEndpoints.ContentsPut);

        repo.MapPost("/pulls", async (HttpRequest request) =>
        {
            var body = await JsonNode.ParseAsync(request.Body).ConfigureAwait(false);
            var head = body?["head"]?.GetValue<string>() ?? string.Empty;
            var baseRef = body?["base"]?.GetValue<string>() ?? string.Empty;
            var title = body?["title"]?.GetValue<string>() ?? string.Empty;
            head = head.Contains(':', StringComparison.Ordinal) ? head[(head.IndexOf(':', StringComparison.Ordinal) + 1)..] : head;
            lock (State.Gate)
            {
                if (!State.Refs.TryGetValue("heads/" + head, out var headSha) || !State.Refs.ContainsKey("heads/" + baseRef) || title.Length == 0)
                {
                    return LocalGitHubServer.Error(GitHubFault.Json(422, new { message = "Validation Failed", errors = new[] { new { resource = "PullRequest", code = "invalid", field = title.Length == 0 ? "title" : "head" } } }));
                }

                if (State.Pulls.Any(p => p.Head == head && p.Base == baseRef))
                {
                    return LocalGitHubServer.Error(GitHubFault.Json(422, new { message = "Validation Failed", errors = new[] { new { resource = "PullRequest", code = "custom", message = $"A pull request already exists for {server.Owner}:{head}." } } }));
                }

                var pull = new FakePull(State.NextId(), State.Pulls.Count + 1, title, body?["body"]?.GetValue<string>() ?? string.Empty, head, baseRef, headSha, DateTimeOffset.UtcNow);
                State.Pulls.Add(pull);
                return LocalGitHubServer.Json(json.Pull(pull), 201, $"{server.RepoApi}/pulls/{pull.Number}");
            }
        }).Tag(GitHubEndpoints.PullCreate);
    }
}
