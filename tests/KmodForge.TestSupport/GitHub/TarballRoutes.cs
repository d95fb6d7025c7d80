using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace KmodForge.TestSupport.GitHub;

/// <summary>
/// <c>GET /repos/{o}/{r}/tarball/{ref}</c>: 302 to a download URL on the same server (as GitHub redirects to codeload),
/// which serves the commit's tar.gz without needing the token.
/// </summary>
internal sealed class TarballRoutes(LocalGitHubServer server)
{
    public void Map(WebApplication app, RouteGroupBuilder repo)
    {
        repo.MapGet("/tarball/{**reference}", (string? reference) =>
        {
            var sha = server.State.ResolveRef(string.IsNullOrEmpty(reference) ? server.DefaultBranch : reference);
            return sha is null
                ? LocalGitHubServer.Error(GitHubFault.NotFound)
                : Results.Redirect($"{server.WebBase}/_codeload/{server.Owner}/{server.Repo}/legacy.tar.gz/{sha}", permanent: false);
        }).Tag(GitHubEndpoints.Tarball);

        app.MapGet("/_codeload/{owner}/{repo}/legacy.tar.gz/{sha}", async (string sha, HttpResponse response) =>
        {
            bool known;
            lock (server.State.Gate)
            {
                known = server.State.Commits.ContainsKey(sha);
            }

            if (!known)
            {
                response.StatusCode = 404;
                return;
            }

            response.ContentType = "application/x-gzip";
            response.Headers.ContentDisposition = $"attachment; filename={server.Owner}-{server.Repo}-{sha[..7]}.tar.gz";
            using var buffer = new MemoryStream();
            RepositorySnapshot.WriteTarball(server.State, server.Owner, server.Repo, sha, buffer);
            buffer.Position = 0;
            await buffer.CopyToAsync(response.Body).ConfigureAwait(false);
        }).Tag(GitHubEndpoints.TarballDownload);
    }
}
