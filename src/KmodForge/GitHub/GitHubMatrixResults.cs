using System.IO.Compression;
using KmodForge.IO;
using Octokit;

namespace KmodForge.GitHub;

/// <summary>
/// Fetches the newest nightly's matrix results: the completed <c>matrix-build.yml</c> runs (titled
/// <c>matrix-build &lt;matrix_id&gt; chunk &lt;n&gt; driver &lt;version&gt;</c>) of the newest matrix id among the last 100,
/// and from each its <c>matrix-results</c> artifact (written by the run's results job), unpacked into
/// <c>&lt;directory&gt;/&lt;run id&gt;/</c>. Cost: one call for the runs, two per run (the artifact list and its download,
/// whose redirect to storage is not an API call). Every call goes through the client's retry, timeout and rate-limit
/// handling; a run without the artifact (its prepare job failed, or the artifact expired) is a warning.
/// </summary>
public sealed class GitHubMatrixResults(GitHubApi github)
{
    /// <summary>The artifact each matrix-build run's results job uploads.</summary>
    public const string ArtifactName = "matrix-results";

    /// <summary>A results file larger than this inside the artifact is refused (a chunk's results are a few hundred KiB at most).</summary>
    public const long MaxFileBytes = 16 * 1024 * 1024;

    /// <summary>The matrix id in a matrix-build run's title, or null for another title.</summary>
    public static string? MatrixIdOf(string? displayTitle) =>
        displayTitle?.Split(' ') is ["matrix-build", { Length: > 0 } id, "chunk", ..] && Storage.StoreNames.Problem(id) is null ? id : null;

    /// <returns>The matrix id fetched (null when no completed run was found), and the files written.</returns>
    public async Task<(string? MatrixId, int Files)> FetchAsync(string directory, CancellationToken cancellationToken)
    {
        var runs = await GitHubErrors.Guard(() => github.Client.Actions.Workflows.Runs.ListByWorkflow(github.Owner, github.Name, WorkflowContract.MatrixBuild,
                new WorkflowRunsRequest { Status = CheckRunStatusFilter.Completed }, new ApiOptions { PageSize = 100, PageCount = 1, StartPage = 1 }),
            github, $"list the {WorkflowContract.MatrixBuild} runs", GitHubPermission.ActionsRead).ConfigureAwait(false);
        var titled = runs.WorkflowRuns.Select(r => (r.Id, MatrixId: MatrixIdOf(r.DisplayTitle))).Where(r => r.MatrixId is not null).ToList();
        if (titled.Count == 0)
        {
            github.Log.Warning($"No completed {WorkflowContract.MatrixBuild} run in {github.Repository}: the report shows no failed or not-applicable builds");
            return (null, 0);
        }

        var newest = titled[0].MatrixId!;
        var files = 0;
        foreach (var (id, _) in titled.Where(r => r.MatrixId == newest))
        {
            cancellationToken.ThrowIfCancellationRequested();
            var artifacts = await GitHubErrors.Guard(() => github.Client.Actions.Artifacts.ListWorkflowArtifacts(github.Owner, github.Name, id, new ListArtifactsRequest { Name = ArtifactName }),
                github, $"list the artifacts of run {id}", GitHubPermission.ActionsRead).ConfigureAwait(false);
            var artifact = artifacts.Artifacts.Where(a => a.Name == ArtifactName && !a.Expired).OrderByDescending(a => a.Id).FirstOrDefault();
            if (artifact is null)
            {
                github.Log.Warning($"{WorkflowContract.MatrixBuild} run {id} of matrix {newest} has no {ArtifactName} artifact (its prepare job failed, or the artifact expired): its failures are not on the report");
                continue;
            }

            await using var zip = await DownloadAsync(artifact, id, cancellationToken).ConfigureAwait(false);
            files += await UnpackAsync(zip, Path.Combine(directory, id.ToString(System.Globalization.CultureInfo.InvariantCulture)), cancellationToken).ConfigureAwait(false);
        }

        github.Log.Info($"Matrix {newest}: {files} results files from {titled.Count(r => r.MatrixId == newest)} {WorkflowContract.MatrixBuild} runs");
        return (newest, files);
    }

    /// <summary>
    /// The artifact's zip through the raw client (retries, timeout, rate limit): the token goes to the API only; the
    /// redirect to storage is followed without it, as signed storage URLs require.
    /// </summary>
    private async Task<MemoryStream> DownloadAsync(Artifact artifact, long runId, CancellationToken cancellationToken)
    {
        var url = new Uri(artifact.ArchiveDownloadUrl);
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, url);
            github.Authorize(request);
            using var response = await github.Http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
            if (!response.IsSuccessStatusCode)
            {
                throw new GitHubOperationException($"GitHub answered HTTP {(int)response.StatusCode} for artifact {artifact.Id} of run {runId} in {github.Repository} ({Net.RetryHandler.Redact(url)}); the token needs {GitHubPermission.ActionsRead}.");
            }

            if (response.Content.Headers.ContentLength is > MaxFileBytes)
            {
                throw new GitHubOperationException($"Artifact {artifact.Id} of run {runId} is {response.Content.Headers.ContentLength:N0} bytes; accepted: at most {MaxFileBytes:N0}");
            }

            var copy = new MemoryStream();
            await response.Content.CopyToAsync(copy, cancellationToken).ConfigureAwait(false);
            copy.Position = 0;
            return copy;
        }
        catch (Exception e) when (e is HttpRequestException or TimeoutException)
        {
            throw new GitHubOperationException($"Could not download artifact {artifact.Id} of run {runId} in {github.Repository}: {e.Message}", e);
        }
    }

    /// <summary>Writes the archive's <c>*.json</c> entries (flattened, numbered: no entry name becomes a path) atomically.</summary>
    private static async Task<int> UnpackAsync(MemoryStream zip, string directory, CancellationToken cancellationToken)
    {
        using var archive = new ZipArchive(zip, ZipArchiveMode.Read);
        var written = 0;
        foreach (var entry in archive.Entries.Where(e => e.FullName.EndsWith(".json", StringComparison.Ordinal)))
        {
            if (entry.Length > MaxFileBytes)
            {
                throw new GitHubOperationException($"{entry.FullName} in the {ArtifactName} artifact is {entry.Length:N0} bytes; accepted: at most {MaxFileBytes:N0}");
            }

            Directory.CreateDirectory(directory);
            await using var source = entry.Open();
            await AtomicFile.WriteAsync(Path.Combine(directory, $"{written}.json"), (stream, ct) => source.CopyToAsync(stream, ct), cancellationToken).ConfigureAwait(false);
            written++;
        }

        return written;
    }
}
