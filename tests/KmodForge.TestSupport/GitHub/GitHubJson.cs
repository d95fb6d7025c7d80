using System.Globalization;
using System.Text.Json.Nodes;

namespace KmodForge.TestSupport.GitHub;

/// <summary>GitHub's REST response shapes (the fields GitHub sends, with its naming and formats) for the server's objects.</summary>
internal sealed class GitHubJson(LocalGitHubServer server)
{
    /// <summary>The contents API inlines files up to 1 MB.</summary>
    public const int MaxInlineContent = 1024 * 1024;

    public JsonObject Blob(string sha, byte[] content) => new()
    {
        ["sha"] = sha,
        ["node_id"] = "B_kwDO" + sha[..8],
        ["size"] = content.Length,
        ["url"] = $"{server.RepoApi}/git/blobs/{sha}",
        ["content"] = string.Join("\n", Convert.ToBase64String(content).Chunk(60).Select(c => new string(c))) + "\n",
        ["encoding"] = "base64",
    };

    public static string Time(DateTimeOffset t) => t.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    public JsonObject User() => new()
    {
        ["login"] = "github-actions[bot]",
        ["id"] = 41898282,
        ["node_id"] = "MDM6Qm90NDE4OTgyODI=",
        ["avatar_url"] = $"{server.WebBase}/avatars/u/41898282",
        ["url"] = $"{server.ApiBase}/users/github-actions%5Bbot%5D",
        ["html_url"] = $"{server.WebBase}/apps/github-actions",
        ["type"] = "Bot",
        ["site_admin"] = false,
    };

    public JsonObject Repository() => new()
    {
        ["id"] = 123456789,
        ["node_id"] = "R_kgDOHaaaaa",
        ["name"] = server.Repo,
        ["full_name"] = server.Repository,
        ["private"] = false,
        ["owner"] = User(),
        ["html_url"] = server.RepoWeb,
        ["url"] = server.RepoApi,
        ["default_branch"] = server.DefaultBranch,
    };

    public JsonObject Release(FakeRelease r) => new()
    {
        ["url"] = $"{server.RepoApi}/releases/{r.Id}",
        ["assets_url"] = $"{server.RepoApi}/releases/{r.Id}/assets",
        ["upload_url"] = $"{server.WebBase}/api/uploads/repos/{server.Owner}/{server.Repo}/releases/{r.Id}/assets{{?name,label}}",
        ["html_url"] = $"{server.RepoWeb}/releases/tag/{r.Tag}",
        ["id"] = r.Id,
        ["author"] = User(),
        ["node_id"] = $"RE_kwDO{r.Id}",
        ["tag_name"] = r.Tag,
        ["target_commitish"] = r.TargetCommitish,
        ["name"] = r.Name,
        ["draft"] = false,
        ["prerelease"] = false,
        ["immutable"] = false,
        ["created_at"] = Time(r.CreatedAt),
        ["updated_at"] = Time(r.CreatedAt),
        ["published_at"] = Time(r.CreatedAt),
        ["assets"] = new JsonArray([.. r.Assets.Select(a => (JsonNode)Asset(r, a))]),
        ["tarball_url"] = $"{server.RepoApi}/tarball/{r.Tag}",
        ["zipball_url"] = $"{server.RepoApi}/zipball/{r.Tag}",
        ["body"] = r.Body,
    };

    public JsonObject Asset(FakeRelease r, FakeAsset a) => new()
    {
        ["url"] = $"{server.RepoApi}/releases/assets/{a.Id}",
        ["id"] = a.Id,
        ["node_id"] = $"RA_kwDO{a.Id}",
        ["name"] = a.Name,
        ["label"] = string.Empty,
        ["uploader"] = User(),
        ["content_type"] = a.ContentType,
        ["state"] = a.State,
        ["size"] = a.Content.Length,
        ["digest"] = a.HasDigest ? "sha256:" + a.Sha256 : null,
        ["download_count"] = 0,
        ["created_at"] = Time(a.CreatedAt),
        ["updated_at"] = Time(a.CreatedAt),
        ["browser_download_url"] = $"{server.RepoWeb}/releases/download/{Uri.EscapeDataString(r.Tag)}/{Uri.EscapeDataString(a.Name)}",
    };

    public JsonObject Ref(string name, string sha) => new()
    {
        ["ref"] = "refs/" + name,
        ["node_id"] = "REF_kwDO" + sha[..8],
        ["url"] = $"{server.RepoApi}/git/refs/{name}",
        ["object"] = new JsonObject
        {
            ["sha"] = sha,
            ["type"] = "commit",
            ["url"] = $"{server.RepoApi}/git/commits/{sha}",
        },
    };

    public JsonObject Content(string path, byte[] content, string branch, bool withBody)
    {
        var sha = GitHubState.BlobSha(content);
        var node = new JsonObject
        {
            ["name"] = Path.GetFileName(path),
            ["path"] = path,
            ["sha"] = sha,
            ["size"] = content.Length,
            ["url"] = $"{server.RepoApi}/contents/{path}?ref={branch}",
            ["html_url"] = $"{server.RepoWeb}/blob/{branch}/{path}",
            ["git_url"] = $"{server.RepoApi}/git/blobs/{sha}",
            ["download_url"] = $"{server.WebBase}/raw/{server.Owner}/{server.Repo}/{branch}/{path}",
            ["type"] = "file",
        };
        if (withBody && content.Length > MaxInlineContent)
        {
            // Files over 1 MB come without content; clients read them from the blob API.
            node["content"] = string.Empty;
            node["encoding"] = "none";
        }
        else if (withBody)
        {
            // GitHub wraps the base64 at 60 characters with \n.
            var base64 = Convert.ToBase64String(content);
            node["content"] = string.Join("\n", base64.Chunk(60).Select(c => new string(c))) + "\n";
            node["encoding"] = "base64";
        }

        node["_links"] = new JsonObject
        {
            ["self"] = node["url"]!.GetValue<string>(),
            ["git"] = node["git_url"]!.GetValue<string>(),
            ["html"] = node["html_url"]!.GetValue<string>(),
        };
        return node;
    }

    public JsonObject Commit(string sha, string message) => new()
    {
        ["sha"] = sha,
        ["node_id"] = "C_kwDO" + sha[..8],
        ["url"] = $"{server.RepoApi}/git/commits/{sha}",
        ["html_url"] = $"{server.RepoWeb}/commit/{sha}",
        ["author"] = new JsonObject { ["name"] = "github-actions[bot]", ["email"] = "41898282+github-actions[bot]@users.noreply.github.com", ["date"] = Time(DateTimeOffset.UtcNow) },
        ["committer"] = new JsonObject { ["name"] = "GitHub", ["email"] = "noreply@github.com", ["date"] = Time(DateTimeOffset.UtcNow) },
        ["message"] = message,
        ["tree"] = new JsonObject { ["sha"] = GitHubState.NewSha(), ["url"] = $"{server.RepoApi}/git/trees/x" },
        ["parents"] = new JsonArray(),
    };

    public JsonObject Pull(FakePull p) => new()
    {
        ["url"] = $"{server.RepoApi}/pulls/{p.Number}",
        ["id"] = p.Id,
        ["node_id"] = $"PR_kwDO{p.Id}",
        ["html_url"] = $"{server.RepoWeb}/pull/{p.Number}",
        ["diff_url"] = $"{server.RepoWeb}/pull/{p.Number}.diff",
        ["patch_url"] = $"{server.RepoWeb}/pull/{p.Number}.patch",
        ["issue_url"] = $"{server.RepoApi}/issues/{p.Number}",
        ["number"] = p.Number,
        ["state"] = "open",
        ["locked"] = false,
        ["title"] = p.Title,
        ["user"] = User(),
        ["body"] = p.Body,
        ["created_at"] = Time(p.CreatedAt),
        ["updated_at"] = Time(p.CreatedAt),
        ["draft"] = false,
        ["merged"] = false,
        ["mergeable_state"] = "unknown",
        ["head"] = new JsonObject { ["label"] = $"{server.Owner}:{p.Head}", ["ref"] = p.Head, ["sha"] = p.HeadSha, ["user"] = User(), ["repo"] = Repository() },
        ["base"] = new JsonObject { ["label"] = $"{server.Owner}:{p.Base}", ["ref"] = p.Base, ["sha"] = GitHubState.NewSha(), ["user"] = User(), ["repo"] = Repository() },
    };

    public JsonObject Job(FakeRun run, FakeJob job) => new()
    {
        ["id"] = job.Id,
        ["run_id"] = run.Id,
        ["workflow_name"] = run.Workflow.Name,
        ["head_branch"] = run.HeadBranch,
        ["run_url"] = $"{server.RepoApi}/actions/runs/{run.Id}",
        ["run_attempt"] = 1,
        ["node_id"] = $"CR_kwDO{job.Id}",
        ["head_sha"] = run.HeadSha,
        ["url"] = $"{server.RepoApi}/actions/jobs/{job.Id}",
        ["html_url"] = $"{server.RepoWeb}/actions/runs/{run.Id}/job/{job.Id}",
        ["status"] = job.Status,
        ["conclusion"] = job.Conclusion,
        ["created_at"] = Time(job.CreatedAt),
        ["started_at"] = Time(job.StartedAt ?? job.CreatedAt),
        ["completed_at"] = job.CompletedAt is { } done ? Time(done) : null,
        ["name"] = job.Name,
        ["steps"] = new JsonArray(),
        ["check_run_url"] = $"{server.RepoApi}/check-runs/{job.Id}",
        ["labels"] = new JsonArray(),
        ["runner_id"] = job.StartedAt is null ? null : 1,
        ["runner_name"] = job.StartedAt is null ? null : "kmodforge-local-runner",
        ["runner_group_id"] = job.StartedAt is null ? null : 1,
        ["runner_group_name"] = job.StartedAt is null ? null : "Default",
    };

    public JsonObject Run(FakeRun run) => new()
    {
        ["id"] = run.Id,
        ["name"] = run.Workflow.Name,
        ["node_id"] = $"WFR_kwLO{run.Id}",
        ["head_branch"] = run.HeadBranch,
        ["head_sha"] = run.HeadSha,
        ["path"] = $".github/workflows/{run.Workflow.File}",
        ["display_title"] = run.DisplayTitle,
        ["run_number"] = run.RunNumber,
        ["event"] = run.Event,
        ["status"] = run.Status,
        ["conclusion"] = run.Conclusion,
        ["workflow_id"] = run.Workflow.Id,
        ["check_suite_id"] = run.Id + 1,
        ["check_suite_node_id"] = $"CS_kwDO{run.Id}",
        ["url"] = $"{server.RepoApi}/actions/runs/{run.Id}",
        ["html_url"] = $"{server.RepoWeb}/actions/runs/{run.Id}",
        ["pull_requests"] = new JsonArray(),
        ["created_at"] = Time(run.CreatedAt),
        ["updated_at"] = Time(run.UpdatedAt),
        ["actor"] = User(),
        ["triggering_actor"] = User(),
        ["run_attempt"] = 1,
        ["run_started_at"] = Time(run.StartedAt ?? run.CreatedAt),
        ["jobs_url"] = $"{server.RepoApi}/actions/runs/{run.Id}/jobs",
        ["logs_url"] = $"{server.RepoApi}/actions/runs/{run.Id}/logs",
        ["check_suite_url"] = $"{server.RepoApi}/check-suites/{run.Id + 1}",
        ["artifacts_url"] = $"{server.RepoApi}/actions/runs/{run.Id}/artifacts",
        ["cancel_url"] = $"{server.RepoApi}/actions/runs/{run.Id}/cancel",
        ["rerun_url"] = $"{server.RepoApi}/actions/runs/{run.Id}/rerun",
        ["workflow_url"] = $"{server.RepoApi}/actions/workflows/{run.Workflow.Id}",
        ["repository"] = Repository(),
        ["head_repository"] = Repository(),
    };
}
