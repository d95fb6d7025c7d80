using System.Collections.Immutable;
using System.Security.Cryptography;
using System.Text;

namespace KmodForge.TestSupport.GitHub;

/// <summary>A release as <see cref="LocalGitHubServer"/> holds it.</summary>
public sealed class FakeRelease(long id, string tag, string targetCommitish, string name, string body, DateTimeOffset createdAt)
{
    public long Id { get; } = id;

    public string Tag { get; } = tag;

    public string TargetCommitish { get; } = targetCommitish;

    public string Name { get; } = name;

    public string Body { get; } = body;

    public DateTimeOffset CreatedAt { get; } = createdAt;

    public List<FakeAsset> Assets { get; } = [];
}

/// <summary>An uploaded release asset.</summary>
public sealed record FakeAsset(long Id, long ReleaseId, string Name, string ContentType, byte[] Content, DateTimeOffset CreatedAt)
{
    /// <summary>GitHub's asset state: <c>uploaded</c>, or <c>starter</c> for an upload that never completed.</summary>
    public string State { get; init; } = "uploaded";

    /// <summary>False for an asset uploaded before GitHub computed digests (June 2025): its <c>digest</c> is null.</summary>
    public bool HasDigest { get; init; } = true;

    public string Sha256 => Convert.ToHexStringLower(SHA256.HashData(Content));
}

public sealed record FakePull(long Id, int Number, string Title, string Body, string Head, string Base, string HeadSha, DateTimeOffset CreatedAt);

/// <summary>A workflow file the server knows, with its <c>name:</c>, <c>run-name:</c> (with <c>${{ inputs.x }}</c>) and inputs.</summary>
/// <summary>A workflow run's artifact, as the artifacts API lists it; <see cref="Zip"/> is what its download answers.</summary>
public sealed record FakeArtifact(long Id, long RunId, string Name, byte[] Zip, DateTimeOffset CreatedAt)
{
    public bool Expired { get; init; }
}

public sealed record FakeWorkflow(long Id, string File, string Name, string RunName, IReadOnlyList<string> Inputs);

public sealed class FakeRun(long id, FakeWorkflow workflow, string displayTitle, string headBranch, string headSha, int runNumber, DateTimeOffset createdAt, IReadOnlyDictionary<string, string> inputs)
{
    /// <summary>The event that started the run (<c>workflow_dispatch</c>, <c>schedule</c>).</summary>
    public string Event { get; init; } = "workflow_dispatch";

    public DateTimeOffset UpdatedAt { get; set; } = createdAt;

    public DateTimeOffset? StartedAt { get; set; }

    /// <summary>The run's jobs as <c>GET /actions/runs/{id}/jobs</c> lists them (runs started by a local runner).</summary>
    public List<FakeJob> Jobs { get; } = [];

    public long Id { get; } = id;

    public FakeWorkflow Workflow { get; } = workflow;

    public string DisplayTitle { get; } = displayTitle;

    public string HeadBranch { get; } = headBranch;

    public string HeadSha { get; } = headSha;

    public int RunNumber { get; } = runNumber;

    public DateTimeOffset CreatedAt { get; } = createdAt;

    public IReadOnlyDictionary<string, string> Inputs { get; } = inputs;

    public string Status { get; set; } = "queued";

    public string? Conclusion { get; set; }
}

/// <summary>A job of a run, as the jobs API shows it.</summary>
public sealed class FakeJob(long id, string name, DateTimeOffset createdAt)
{
    public long Id { get; } = id;

    public string Name { get; } = name;

    public DateTimeOffset CreatedAt { get; } = createdAt;

    public string Status { get; set; } = "queued";

    public string? Conclusion { get; set; }

    public DateTimeOffset? StartedAt { get; set; }

    public DateTimeOffset? CompletedAt { get; set; }

    /// <summary>The annotations the job's steps left (workflow commands such as <c>::notice title=T::message</c>).</summary>
    public List<FakeAnnotation> Annotations { get; } = [];
}

/// <summary>One check-run annotation, as <c>GET /check-runs/{id}/annotations</c> lists it.</summary>
public sealed record FakeAnnotation(string Level, string? Title, string Message);

/// <summary>
/// The in-memory repository behind <see cref="LocalGitHubServer"/>: releases and assets, git refs and commits (each
/// commit a snapshot of file contents), pull requests, workflows and their runs. All access goes through <see cref="Gate"/>.
/// </summary>
public sealed class GitHubState
{
    private long nextId = 1000;

    public object Gate { get; } = new();

    public List<FakeRelease> Releases { get; } = [];

    /// <summary>Branch and tag refs without the <c>refs/</c> prefix (<c>heads/main</c>) → commit sha.</summary>
    public Dictionary<string, string> Refs { get; } = new(StringComparer.Ordinal);

    /// <summary>Commit sha → the repository's files at that commit.</summary>
    public Dictionary<string, ImmutableDictionary<string, byte[]>> Commits { get; } = new(StringComparer.Ordinal);

    /// <summary>Commit sha → the paths committed with the executable bit (mode 0755).</summary>
    public Dictionary<string, ImmutableHashSet<string>> Executables { get; } = new(StringComparer.Ordinal);

    /// <summary>Commit sha → when the commit was made (the tarball's file times).</summary>
    public Dictionary<string, DateTimeOffset> CommitTimes { get; } = new(StringComparer.Ordinal);

    public List<FakePull> Pulls { get; } = [];

    public Dictionary<string, FakeWorkflow> Workflows { get; } = new(StringComparer.Ordinal);

    public List<FakeRun> Runs { get; } = [];

    /// <summary>Artifacts of runs (the API's view; the local Actions runner keeps its own per run).</summary>
    public List<FakeArtifact> Artifacts { get; } = [];

    /// <summary>GitHub's per-release asset cap (1,000); lowered only to test the server itself.</summary>
    public int MaxAssetsPerRelease { get; set; } = 1000;

    public long NextId() => Interlocked.Increment(ref nextId);

    public FakeRelease CreateRelease(string tag, string target = "main", string? name = null, string body = "")
    {
        lock (Gate)
        {
            var release = new FakeRelease(NextId(), tag, target, name ?? tag, body, DateTimeOffset.UtcNow);
            Releases.Add(release);
            return release;
        }
    }

    public FakeAsset AddAsset(FakeRelease release, string name, byte[] content, string contentType = "application/octet-stream", string state = "uploaded")
    {
        lock (Gate)
        {
            var asset = new FakeAsset(NextId(), release.Id, name, contentType, content, DateTimeOffset.UtcNow) { State = state };
            release.Assets.Add(asset);
            return asset;
        }
    }

    public FakeRelease? ReleaseByTag(string tag)
    {
        lock (Gate)
        {
            return Releases.FirstOrDefault(r => r.Tag == tag);
        }
    }

    /// <summary>Commits a set of file changes on top of a branch (creating the branch from nothing when absent).</summary>
    public string Commit(string branch, IReadOnlyDictionary<string, string> files)
    {
        lock (Gate)
        {
            var current = Refs.TryGetValue("heads/" + branch, out var head) ? Commits[head] : ImmutableDictionary<string, byte[]>.Empty;
            foreach (var (path, text) in files)
            {
                current = current.SetItem(path, Encoding.UTF8.GetBytes(text));
            }

            var sha = NewSha();
            Commits[sha] = current;
            if (head is not null && Executables.TryGetValue(head, out var executables))
            {
                Executables[sha] = executables;
            }

            CommitTimes[sha] = DateTimeOffset.UtcNow;
            Refs["heads/" + branch] = sha;
            return sha;
        }
    }

    /// <summary>Commits a whole tree (replacing the branch's files) with the given executable paths.</summary>
    public string CommitTree(string branch, IReadOnlyDictionary<string, byte[]> files, IEnumerable<string> executables, DateTimeOffset? time = null)
    {
        lock (Gate)
        {
            var sha = NewSha();
            Commits[sha] = files.ToImmutableDictionary(StringComparer.Ordinal);
            Executables[sha] = executables.ToImmutableHashSet(StringComparer.Ordinal);
            CommitTimes[sha] = time ?? DateTimeOffset.UtcNow;
            Refs["heads/" + branch] = sha;
            return sha;
        }
    }

    /// <summary>Creates (or moves) tag <paramref name="tag"/> to <paramref name="sha"/>.</summary>
    public void Tag(string tag, string sha)
    {
        lock (Gate)
        {
            Refs["tags/" + tag] = sha;
        }
    }

    /// <summary>
    /// The commit a ref names, as GitHub resolves the tarball's and a dispatch's ref: a branch or tag name, <c>heads/x</c>,
    /// <c>tags/x</c>, <c>refs/heads/x</c>, <c>refs/tags/x</c>, or a commit sha. Null when nothing matches.
    /// </summary>
    public string? ResolveRef(string reference)
    {
        lock (Gate)
        {
            var name = reference.StartsWith("refs/", StringComparison.Ordinal) ? reference["refs/".Length..] : reference;
            foreach (var candidate in new[] { name, "heads/" + name, "tags/" + name })
            {
                if (Refs.TryGetValue(candidate, out var sha))
                {
                    return sha;
                }
            }

            return Commits.ContainsKey(reference) ? reference : null;
        }
    }

    /// <summary>When <paramref name="sha"/> was committed (now for commits made before times were kept).</summary>
    public DateTimeOffset CommitTime(string sha)
    {
        lock (Gate)
        {
            return CommitTimes.TryGetValue(sha, out var time) ? time : DateTimeOffset.UtcNow;
        }
    }

    public bool IsExecutable(string sha, string path)
    {
        lock (Gate)
        {
            return Executables.TryGetValue(sha, out var set) && set.Contains(path);
        }
    }

    public string? ReadFile(string branch, string path)
    {
        lock (Gate)
        {
            return Refs.TryGetValue("heads/" + branch, out var head) && Commits[head].TryGetValue(path, out var bytes)
                ? Encoding.UTF8.GetString(bytes) : null;
        }
    }

    public FakeWorkflow AddWorkflow(string file, string name, string runName, params string[] inputs)
    {
        lock (Gate)
        {
            var workflow = new FakeWorkflow(NextId(), file, name, runName, inputs);
            Workflows[file] = workflow;
            return workflow;
        }
    }

    public static string NewSha() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(20));

    /// <summary>The git blob id of a file's content, as the contents API reports it in <c>sha</c>.</summary>
    public static string BlobSha(byte[] content)
    {
        var header = Encoding.ASCII.GetBytes($"blob {content.Length}\0");
        return Convert.ToHexStringLower(SHA1.HashData([.. header, .. content]));
    }
}
