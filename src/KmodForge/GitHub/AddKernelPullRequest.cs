using System.Text;
using System.Text.RegularExpressions;
using KmodForge.Kernels;
using KmodForge.Targets;
using Octokit;

namespace KmodForge.GitHub;

/// <summary>What an on-demand build records: the target, and optionally the package, its release and the header URLs that worked.</summary>
public sealed record AddKernelRequest(BuildTarget Target, string? PackageFileName = null, string? ReleaseTag = null, IReadOnlyList<string>? HeaderUrls = null);

public enum AddKernelOutcome
{
    /// <summary>A pull request was opened.</summary>
    Opened,

    /// <summary>The branch exists already: another build of this kernel opened (or is opening) the pull request.</summary>
    BranchExists,

    /// <summary>kernels.json on the default branch already lists the kernel.</summary>
    AlreadyListed,
}

public sealed record AddKernelResult(AddKernelOutcome Outcome, string Branch, string Message, int? PullRequestNumber = null, string? PullRequestUrl = null);

/// <summary>
/// After a successful on-demand build, records the kernel in <c>kernels.json</c> through a pull request, so the nightly
/// batch builds it for future driver versions. One branch per kernel
/// (<c>add-kernel/&lt;distribution&gt;/&lt;distro_version&gt;/&lt;arch&gt;/&lt;kernelrelease, '.' → '-'&gt;</c>): when it
/// exists, another build got there first and this one skips. The file is merged with the kernels.json model
/// (<see cref="KernelList"/>: sorted, deduplicated, canonical formatting).
/// </summary>
public sealed partial class AddKernelPullRequest(GitHubApi github)
{
    public const string KernelsFile = "kernels.json";

    /// <summary>The branch for a target's kernel. '.' becomes '-', and so do the characters git refuses in branch names ('~').</summary>
    public static string BranchName(BuildTarget target) =>
        $"add-kernel/{target.Distribution.Id}/{target.DistroVersion.Id}/{target.Architecture.KernelName()}/{UnsafeInBranch().Replace(target.KernelRelease, "-")}";

    /// <summary>The link to the Actions run doing the build, when the settings know it (GITHUB_SERVER_URL/GITHUB_REPOSITORY/actions/runs/GITHUB_RUN_ID).</summary>
    public static string? RunUrl(GitHubSettings settings) =>
        string.IsNullOrEmpty(settings.RunId) || string.IsNullOrEmpty(settings.Repository)
            ? null : $"{settings.ServerUrl.TrimEnd('/')}/{settings.Repository}/actions/runs/{settings.RunId}";

    public static string Title(BuildTarget target) =>
        $"Add kernel {target.KernelRelease} ({target.Distribution.Id} {target.DistroVersion.Id}, {target.Architecture.KernelName()})";

    /// <summary>The pull request's body: what was built, where it was published, and the build run.</summary>
    public static string Body(AddKernelRequest request, string? runUrl)
    {
        var t = request.Target;
        var body = new StringBuilder()
            .Append("An on-demand build succeeded for a kernel that `kernels.json` does not list yet. ")
            .Append("Merging this adds it, so the nightly matrix builds it for future driver versions.\n\n")
            .Append("| | |\n| --- | --- |\n")
            .Append($"| distribution | `{t.Distribution.Id}` {t.DistroVersion.Id} |\n")
            .Append($"| architecture | `{t.Architecture.KernelName()}` |\n")
            .Append($"| kernel release | `{t.KernelRelease}` |\n")
            .Append($"| driver version | `{t.DriverVersion}` |\n");
        if (request.PackageFileName is not null)
        {
            body.Append($"| package | `{request.PackageFileName}`{(request.ReleaseTag is null ? string.Empty : $" in release `{request.ReleaseTag}`")} |\n");
        }

        if (request.HeaderUrls is { Count: > 0 } headers)
        {
            body.Append($"| headers | {string.Join("<br>", headers.Select(h => $"`{h}`"))} |\n");
        }

        body.Append('\n').Append(runUrl is null ? "Built outside GitHub Actions (no run to link).\n" : $"Build run: {runUrl}\n");
        return body.ToString();
    }

    public async Task<AddKernelResult> OpenAsync(AddKernelRequest request, CancellationToken cancellationToken)
    {
        var target = request.Target;
        var branch = BranchName(target);
        using var phase = github.Log.Phase($"Add-kernel pull request for {target.KernelRelease}");
        if (await BranchShaAsync(branch).ConfigureAwait(false) is not null)
        {
            return Done(new AddKernelResult(AddKernelOutcome.BranchExists, branch,
                $"Branch {branch} already exists in {github.Repository}: another build of this kernel opened the pull request; skipping."));
        }

        var baseBranch = await github.DefaultBranchAsync().ConfigureAwait(false);
        var (list, fileSha) = await ReadKernelsAsync(baseBranch).ConfigureAwait(false);
        var entry = new KernelEntry(target.Distribution.Id, target.KernelRelease, target.DistroVersion.Id, request.HeaderUrls ?? []);
        if (!list.Add(target.Architecture, entry))
        {
            return Done(new AddKernelResult(AddKernelOutcome.AlreadyListed, branch,
                $"{KernelsFile} on {baseBranch} already lists {target.Distribution.Id} {target.DistroVersion.Id} {target.Architecture.KernelName()} {target.KernelRelease}; no pull request needed."));
        }

        cancellationToken.ThrowIfCancellationRequested();
        var headSha = await BranchShaAsync(baseBranch).ConfigureAwait(false)
            ?? throw new GitHubOperationException($"The default branch {baseBranch} of {github.Repository} does not exist.");
        try
        {
            await GitHubErrors.Guard(() => github.Client.Git.Reference.Create(github.Owner, github.Name, new NewReference("refs/heads/" + branch, headSha)),
                github, $"create branch {branch}", GitHubPermission.ContentsWrite).ConfigureAwait(false);
        }
        catch (ApiValidationException e) when (GitHubErrors.IsAlreadyExists(e))
        {
            return Done(new AddKernelResult(AddKernelOutcome.BranchExists, branch,
                $"Branch {branch} was created by another build a moment ago; skipping."));
        }

        var content = Encoding.UTF8.GetString(KernelListJson.ToBytes(list));
        var message = $"kernels.json: add {target.Distribution.Id} {target.DistroVersion.Id} {target.Architecture.KernelName()} {target.KernelRelease}";
        var update = fileSha is null
            ? GitHubErrors.Guard(() => github.Client.Repository.Content.CreateFile(github.Owner, github.Name, KernelsFile, new CreateFileRequest(message, content, branch)),
                github, $"commit {KernelsFile} to {branch}", GitHubPermission.ContentsWrite)
            : GitHubErrors.Guard(() => github.Client.Repository.Content.UpdateFile(github.Owner, github.Name, KernelsFile, new UpdateFileRequest(message, content, fileSha, branch)),
                github, $"commit {KernelsFile} to {branch}", GitHubPermission.ContentsWrite);
        await update.ConfigureAwait(false);

        var pull = await GitHubErrors.Guard(() => github.Client.PullRequest.Create(github.Owner, github.Name,
                new NewPullRequest(Title(target), branch, baseBranch) { Body = Body(request, RunUrl(github.Settings)) }),
            github, $"open a pull request from {branch}", GitHubPermission.PullRequestsWrite).ConfigureAwait(false);
        return Done(new AddKernelResult(AddKernelOutcome.Opened, branch, $"Opened pull request #{pull.Number} ({pull.HtmlUrl}) adding {target.KernelRelease} to {KernelsFile}.", pull.Number, pull.HtmlUrl));
    }

    private AddKernelResult Done(AddKernelResult result)
    {
        github.Log.Info(result.Message);
        return result;
    }

    private Task<string?> BranchShaAsync(string branch) =>
        GitHubErrors.Guard(async () =>
        {
            try
            {
                var reference = await github.Client.Git.Reference.Get(github.Owner, github.Name, "heads/" + branch).ConfigureAwait(false);
                return (string?)reference.Object.Sha;
            }
            catch (NotFoundException)
            {
                return null;
            }
        }, github, $"read branch {branch}", GitHubPermission.ContentsRead);

    /// <summary>kernels.json on a branch as the model, with the blob sha an update must name; an empty list when the file is absent.</summary>
    private async Task<(KernelList List, string? Sha)> ReadKernelsAsync(string branch)
    {
        var file = await GitHubErrors.Guard(async () =>
        {
            try
            {
                return (await github.Client.Repository.Content.GetAllContentsByRef(github.Owner, github.Name, KernelsFile, branch).ConfigureAwait(false)).FirstOrDefault();
            }
            catch (NotFoundException)
            {
                return null;
            }
        }, github, $"read {KernelsFile} on {branch}", GitHubPermission.ContentsRead).ConfigureAwait(false);
        if (file is null)
        {
            return (new KernelList(), null);
        }

        byte[] bytes;
        if (string.IsNullOrEmpty(file.EncodedContent) && file.Size > 0)
        {
            // Over 1 MB the contents API sends no content (encoding "none"); the blob API has it up to 100 MB.
            var blob = await GitHubErrors.Guard(() => github.Client.Git.Blob.Get(github.Owner, github.Name, file.Sha),
                github, $"read {KernelsFile} ({file.Size:N0} bytes) on {branch}", GitHubPermission.ContentsRead).ConfigureAwait(false);
            bytes = blob.Encoding.StringValue == "base64" ? Convert.FromBase64String(blob.Content) : Encoding.UTF8.GetBytes(blob.Content);
        }
        else
        {
            bytes = Encoding.UTF8.GetBytes(file.Content ?? string.Empty);
        }

        return (KernelListJson.Parse(bytes, $"{KernelsFile} on {branch} of {github.Repository}"), file.Sha);
    }

    [GeneratedRegex(@"[^A-Za-z0-9_+-]", RegexOptions.CultureInvariant)]
    private static partial Regex UnsafeInBranch();
}
