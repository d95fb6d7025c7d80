namespace KmodForge.TestSupport.GitHub;

/// <summary>The endpoint names <see cref="LocalGitHubServer"/> counts calls by, for fault injection and assertions.</summary>
public static class GitHubEndpoints
{
    public const string RepositoryGet = "repos.get";
    public const string ReleaseByTag = "releases.get-by-tag";
    public const string ReleaseList = "releases.list";
    public const string ReleaseCreate = "releases.create";
    public const string AssetList = "releases.assets.list";
    public const string AssetUpload = "releases.assets.upload";
    public const string AssetGet = "releases.assets.get";
    public const string AssetDelete = "releases.assets.delete";
    public const string AssetBrowserDownload = "releases.assets.browser-download";
    public const string RefGet = "git.refs.get";
    public const string RefCreate = "git.refs.create";
    public const string BlobGet = "git.blobs.get";
    public const string ContentsGet = "contents.get";
    public const string ContentsPut = "contents.put";
    public const string PullCreate = "pulls.create";
    public const string WorkflowDispatch = "actions.workflows.dispatch";
    public const string WorkflowRuns = "actions.workflows.runs";
    public const string RunArtifacts = "actions.runs.artifacts";
    public const string ArtifactDownload = "actions.artifacts.download";
    public const string RunGet = "actions.runs.get";
    public const string RunJobs = "actions.runs.jobs";
    public const string RunCancel = "actions.runs.cancel";
    public const string CheckRunAnnotations = "checks.runs.annotations";
    public const string Tarball = "repos.tarball";
    public const string TarballDownload = "codeload.tarball";
    public const string RateLimitGet = "rate_limit.get";

    /// <summary>The fine-grained permission each endpoint needs, as GitHub reports it in <c>x-accepted-github-permissions</c>.</summary>
    public static readonly IReadOnlyDictionary<string, string> Permissions = new Dictionary<string, string>
    {
        [RepositoryGet] = "metadata=read",
        [ReleaseByTag] = "contents=read",
        [ReleaseList] = "contents=read",
        [ReleaseCreate] = "contents=write",
        [AssetList] = "contents=read",
        [AssetUpload] = "contents=write",
        [AssetGet] = "contents=read",
        [AssetDelete] = "contents=write",
        [AssetBrowserDownload] = "contents=read",
        [RefGet] = "contents=read",
        [RefCreate] = "contents=write",
        [BlobGet] = "contents=read",
        [ContentsGet] = "contents=read",
        [ContentsPut] = "contents=write",
        [PullCreate] = "pull_requests=write",
        [WorkflowDispatch] = "actions=write",
        [WorkflowRuns] = "actions=read",
        [RunArtifacts] = "actions=read",
        [ArtifactDownload] = "actions=read",
        [RunGet] = "actions=read",
        [RunJobs] = "actions=read",
        [RunCancel] = "actions=write",
        [CheckRunAnnotations] = "checks=read",
        [Tarball] = "contents=read",
    };
}
