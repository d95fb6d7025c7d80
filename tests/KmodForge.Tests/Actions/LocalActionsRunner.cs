using System.Text.Json.Nodes;
using KmodForge.TestSupport.GitHub;
using KmodForge.Tests.Support;

namespace KmodForge.Tests.Actions;

/// <summary>
/// A local GitHub Actions runner for tests: runs this repository's real workflow files as GitHub does (GitHub's own
/// parser and expression engine, in <c>tests/actions-runner/runner.mjs</c>, one Node process per run) against a
/// <see cref="LocalGitHubServer"/>. Dispatches arrive through the server's API (204 or GitHub's 422, from the runner's
/// validation); scheduled runs start with <see cref="StartScheduledAsync"/>. See docs/actions-runner.md.
/// </summary>
public sealed class LocalActionsRunner : IWorkflowRunHost, IAsyncDisposable
{
    private readonly LocalGitHubServer server;
    private readonly LocalActionsRunnerOptions options;
    private readonly RunnerScheduler scheduler;
    private readonly List<RunHandle> handles = [];
    private readonly Dictionary<string, int> runNumbers = new(StringComparer.Ordinal);
    private readonly string workDirectory;
    private readonly bool ownsWorkDirectory;
    private int disposed;

    private LocalActionsRunner(LocalGitHubServer server, LocalActionsRunnerOptions options)
    {
        this.server = server;
        this.options = options;
        scheduler = new RunnerScheduler(server, options);
        ownsWorkDirectory = options.WorkDirectory is null;
        workDirectory = options.WorkDirectory ?? Path.Combine(Path.GetTempPath(), $"kmodforge-actions-{Guid.NewGuid():N}");
        Directory.CreateDirectory(workDirectory);
    }

    /// <summary>The runner script (tests/actions-runner/runner.mjs).</summary>
    public static string Script => Path.Combine(RepoPaths.Root, "tests", "actions-runner", "runner.mjs");

    /// <summary>Every run so far, oldest first (runs started by other runs' dispatches included).</summary>
    public IReadOnlyList<ActionsRun> Runs
    {
        get
        {
            lock (handles)
            {
                return [.. handles.Select(h => h.Run)];
            }
        }
    }

    /// <summary>Attaches a runner to <paramref name="server"/>: its workflow dispatches now start runs.</summary>
    public static Task<LocalActionsRunner> AttachAsync(LocalGitHubServer server, LocalActionsRunnerOptions? options = null)
    {
        var runner = new LocalActionsRunner(server, options ?? new LocalActionsRunnerOptions());
        if (!File.Exists(Path.Combine(runner.options.ResolveNodeModules(), "@actions", "workflow-parser", "package.json")))
        {
            throw new InvalidOperationException($"@actions/workflow-parser is not installed in {runner.options.ResolveNodeModules()}: run .ci/install.sh");
        }

        server.Runner = runner;
        return Task.FromResult(runner);
    }

    /// <summary>Starts a scheduled run of <paramref name="workflowFile"/> on the default branch's head, as the cron would.</summary>
    public async Task<ActionsRun> StartScheduledAsync(string workflowFile)
    {
        var sha = server.State.ResolveRef("heads/" + server.DefaultBranch) ?? throw new InvalidOperationException("the repository has no default branch");
        var (status, message, run) = await CreateRunAsync(workflowFile, "schedule", "refs/heads/" + server.DefaultBranch, sha, new Dictionary<string, string>()).ConfigureAwait(false);
        return run ?? throw new InvalidOperationException($"the scheduled run of {workflowFile} was refused ({status}): {message}");
    }

    /// <inheritdoc/>
    public async Task<DispatchAnswer> DispatchAsync(string workflowFile, string gitRef, string sha, IReadOnlyDictionary<string, string> inputs)
    {
        var (status, message, _) = await CreateRunAsync(workflowFile, "workflow_dispatch", gitRef, sha, inputs).ConfigureAwait(false);
        return new DispatchAnswer(status, message);
    }

    /// <inheritdoc/>
    public bool Cancel(long runId)
    {
        RunHandle? handle;
        lock (handles)
        {
            handle = handles.FirstOrDefault(h => h.Run.Id == runId);
        }

        if (handle is null || handle.Run.Status == "completed")
        {
            return false;
        }

        handle.Cancel();
        return true;
    }

    /// <summary>Waits until no run is queued or in progress (runs those runs start included); throws on timeout.</summary>
    public async Task WaitForIdleAsync(TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        var quiet = 0;
        while (true)
        {
            // Idle twice in a row: a run's last job may dispatch another run just before it completes.
            quiet = scheduler.IsIdle && Runs.All(r => r.Status == "completed") ? quiet + 1 : 0;
            if (quiet >= 2)
            {
                return;
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"runs still going after {timeout}: {string.Join(Environment.NewLine, Runs.Where(r => r.Status != "completed"))}");
            }

            await Task.Delay(100).ConfigureAwait(false);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref disposed, 1) == 1)
        {
            return;
        }

        if (server.Runner == this)
        {
            server.Runner = null;
        }

        List<RunHandle> all;
        lock (handles)
        {
            all = [.. handles];
        }

        foreach (var handle in all)
        {
            handle.Process.CloseInput();
        }

        foreach (var handle in all)
        {
            if (!await handle.Process.WaitForExitAsync(TimeSpan.FromSeconds(15)).ConfigureAwait(false))
            {
                handle.Process.Kill();
            }

            handle.Process.Dispose();
        }

        if (ownsWorkDirectory)
        {
            try
            {
                Directory.Delete(workDirectory, recursive: true);
            }
            catch (IOException)
            {
            }
            catch (UnauthorizedAccessException)
            {
            }
        }
    }

    private async Task<(int Status, string? Message, ActionsRun? Run)> CreateRunAsync(string workflowFile, string eventName, string gitRef, string sha, IReadOnlyDictionary<string, string> inputs)
    {
        var id = server.State.NextId();
        int number;
        lock (runNumbers)
        {
            number = runNumbers[workflowFile] = runNumbers.GetValueOrDefault(workflowFile) + 1;
        }

        var directory = Path.Combine(workDirectory, "runs", id.ToString(System.Globalization.CultureInfo.InvariantCulture));
        var repo = Path.Combine(directory, "repo");
        Directory.CreateDirectory(repo);
        RepositorySnapshot.WriteTo(server.State, sha, repo);
        var run = new ActionsRun(id, number, workflowFile, eventName, gitRef, sha, inputs, directory);
        var requestPath = Path.Combine(directory, "request.json");
        await File.WriteAllTextAsync(requestPath, RunRequest.Build(server, options, run, repo, workDirectory).ToJsonString()).ConfigureAwait(false);

        var handle = new RunHandle(run, server.State, scheduler);
        handle.Process = RunnerProcess.Start(Script, requestPath, handle.OnEvent, handle.OnExit);
        JsonObject first;
        try
        {
            first = await handle.Process.FirstEvent.ConfigureAwait(false);
        }
        catch (InvalidOperationException e)
        {
            handle.Process.Dispose();
            return (500, e.Message, null);
        }

        if (first["event"]?.GetValue<string>() != "accepted")
        {
            lock (runNumbers)
            {
                if (runNumbers[workflowFile] == number)
                {
                    runNumbers[workflowFile] = number - 1;
                }
            }

            await handle.Process.WaitForExitAsync(TimeSpan.FromSeconds(10)).ConfigureAwait(false);
            handle.Process.Dispose();
            return (first["status"]?.GetValue<int>() ?? 422, first["message"]?.GetValue<string>(), null);
        }

        Accept(run, first);
        lock (handles)
        {
            handles.Add(handle);
        }

        scheduler.Enqueue(handle);
        return (204, null, run);
    }

    private void Accept(ActionsRun run, JsonObject accepted)
    {
        run.WorkflowName = accepted["name"]?.GetValue<string>() ?? run.Workflow;
        run.DisplayTitle = accepted["run_name"]?.GetValue<string>() ?? run.WorkflowName;
        run.Inputs = (accepted["inputs"] as JsonObject)?.ToDictionary(p => p.Key, p => p.Value?.GetValue<string>() ?? string.Empty, StringComparer.Ordinal) ?? run.Inputs;
        if (accepted["concurrency"] is JsonObject concurrency)
        {
            run.ConcurrencyGroup = concurrency["group"]?.GetValue<string>();
            run.CancelInProgress = concurrency["cancel_in_progress"]?.GetValue<bool>() ?? false;
        }

        lock (server.State.Gate)
        {
            if (!server.State.Workflows.TryGetValue(run.Workflow, out var workflow))
            {
                workflow = server.State.AddWorkflow(run.Workflow, run.WorkflowName, string.Empty, [.. run.Inputs.Keys]);
            }

            var branch = run.Ref.StartsWith("refs/heads/", StringComparison.Ordinal) ? run.Ref["refs/heads/".Length..] : run.Ref.Replace("refs/tags/", string.Empty, StringComparison.Ordinal);
            var api = new FakeRun(run.Id, workflow, run.DisplayTitle, branch, run.Sha, run.Number, DateTimeOffset.UtcNow, run.Inputs) { Event = run.Event };
            server.State.Runs.Add(api);
            run.ApiRun = api;
        }
    }
}
