using KmodForge.GitHub;
using KmodForge.Storage;

namespace KmodForge.Tests.Matrix;

/// <summary>
/// A minimal directory-backed <see cref="IBlobStore"/> for these tests only: the real local directory store is written
/// on another branch (f-core); replace this with it once merged. Puts are atomic (copy beside, then rename).
/// </summary>
internal sealed class TempDirectoryBlobStore : IBlobStore, IDisposable
{
    public string Root { get; } = Directory.CreateTempSubdirectory("kmodforge-store-").FullName;

    public List<string> Puts { get; } = [];

    public string Description => $"test directory {Root}";

    public string PathOf(string key) => Path.Combine(Root, key.Replace('/', Path.DirectorySeparatorChar));

    public Task<bool> ExistsAsync(string key, CancellationToken cancellationToken) => Task.FromResult(File.Exists(PathOf(key)));

    public Task PutAsync(string key, string sourcePath, CancellationToken cancellationToken)
    {
        KmodForge.IO.AtomicFile.Copy(sourcePath, PathOf(key));
        Puts.Add(key);
        return Task.CompletedTask;
    }

    public Task<bool> GetAsync(string key, string destinationPath, CancellationToken cancellationToken)
    {
        if (!File.Exists(PathOf(key)))
        {
            return Task.FromResult(false);
        }

        File.Copy(PathOf(key), destinationPath, overwrite: true);
        return Task.FromResult(true);
    }

    public Task DeleteAsync(string key, CancellationToken cancellationToken)
    {
        File.Delete(PathOf(key));
        return Task.CompletedTask;
    }

    public void Dispose() => Directory.Delete(Root, recursive: true);
}

/// <summary>
/// Records every workflow_dispatch (the Octokit dispatcher with retries and its local GitHub API server test are on
/// branch i6-github). Can be told to fail at the Nth call, as a dispatcher does once its retries are exhausted.
/// </summary>
internal sealed class RecordingDispatcher(int failAtCall = 0) : IWorkflowDispatcher
{
    public List<(string Workflow, string Ref, IReadOnlyDictionary<string, string> Inputs)> Calls { get; } = [];

    public Task DispatchAsync(string workflowFile, string gitRef, IReadOnlyDictionary<string, string> inputs, CancellationToken cancellationToken)
    {
        if (Calls.Count + 1 == failAtCall)
        {
            throw new HttpRequestException("POST /repos/o/r/actions/workflows/matrix-build.yml/dispatches: HTTP 502 after 4 attempts");
        }

        Calls.Add((workflowFile, gitRef, inputs));
        return Task.CompletedTask;
    }
}
