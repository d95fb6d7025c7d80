using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using KmodForge.TestSupport.GitHub;
using KmodForge.Tests.Support;

namespace KmodForge.Tests.Actions;

/// <summary>
/// A test's repository and GitHub: a temporary git working tree holding tiny workflows, seeded into a
/// <see cref="LocalGitHubServer"/> with a <see cref="LocalActionsRunner"/> attached. Dispatches go through the API.
/// </summary>
internal sealed class ActionsTestRepository : IAsyncDisposable
{
    private readonly HttpClient http = new();

    private ActionsTestRepository(TempDirectory temp, LocalGitHubServer server, LocalActionsRunner runner)
    {
        Temp = temp;
        Server = server;
        Runner = runner;
    }

    public TempDirectory Temp { get; }

    public LocalGitHubServer Server { get; }

    public LocalActionsRunner Runner { get; }

    /// <summary>A step can wait for a file here (<c>$GATE/name</c>) that the test creates with <see cref="Open"/>.</summary>
    public string Gate => Temp.Combine("gate");

    /// <summary>A bash line waiting (at most a minute) until the test opens gate <paramref name="name"/>.</summary>
    public static string WaitFor(string name) => $"for i in $(seq 600); do test -e \"$GATE/{name}\" && break; sleep 0.1; done; test -e \"$GATE/{name}\"";

    public void Open(string name) => File.WriteAllText(Path.Combine(Gate, name), string.Empty);

    /// <summary>Waits (at most 30 s) until <paramref name="condition"/> holds.</summary>
    public static async Task UntilAsync(Func<bool> condition, string what)
    {
        for (var i = 0; i < 300 && !condition(); i++)
        {
            await Task.Delay(100);
        }

        Assert.True(condition(), what);
    }

    /// <summary>Creates the repository with <paramref name="files"/> (path → content; workflows under .github/workflows/).</summary>
    public static async Task<ActionsTestRepository> CreateAsync(IReadOnlyDictionary<string, string> files, Func<LocalActionsRunnerOptions, LocalActionsRunnerOptions>? configure = null)
    {
        var temp = new TempDirectory("kmodforge-actions");
        var tree = temp.Combine("tree");
        foreach (var (path, content) in files)
        {
            var full = Path.Combine(tree, path);
            Directory.CreateDirectory(Path.GetDirectoryName(full)!);
            await File.WriteAllTextAsync(full, content);
        }

        ProcessRunner.Run("git", "-C", tree, "init", "-q").EnsureSuccess("git init");
        var server = await LocalGitHubServer.StartAsync();
        server.SeedFromDirectory(tree);
        var gate = temp.Combine("gate");
        Directory.CreateDirectory(gate);
        var options = new LocalActionsRunnerOptions
        {
            WorkDirectory = temp.Combine("runner"),
            Secrets = new Dictionary<string, string> { ["MY_SECRET"] = "hunter2-secret" },
            Environment = new Dictionary<string, string>(LocalActionsRunnerOptions.DefaultEnvironment()) { ["GATE"] = gate },
        };
        var runner = await LocalActionsRunner.AttachAsync(server, configure?.Invoke(options) ?? options);
        return new ActionsTestRepository(temp, server, runner);
    }

    /// <summary>A one-workflow repository.</summary>
    public static Task<ActionsTestRepository> WithWorkflowAsync(string yaml, Func<LocalActionsRunnerOptions, LocalActionsRunnerOptions>? configure = null) =>
        CreateAsync(new Dictionary<string, string> { [".github/workflows/test.yml"] = yaml }, configure);

    /// <summary>POST …/actions/workflows/{file}/dispatches; returns the status and GitHub's message.</summary>
    public async Task<(int Status, string? Message)> DispatchAsync(string file, IReadOnlyDictionary<string, string>? inputs = null, string? gitRef = null, string? token = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"{Server.ApiUrl}repos/{Server.Repository}/actions/workflows/{file}/dispatches")
        {
            Content = JsonContent.Create(new { @ref = gitRef ?? Server.DefaultBranch, inputs = inputs ?? new Dictionary<string, string>() }),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("token", token ?? Server.Token);
        using var response = await http.SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();
        var message = body.Length > 0 ? JsonNode.Parse(body)?["message"]?.GetValue<string>() : null;
        return ((int)response.StatusCode, message);
    }

    /// <summary>Dispatches test.yml (or <paramref name="file"/>), expects 204, and waits for the run to complete.</summary>
    public async Task<ActionsRun> RunAsync(IReadOnlyDictionary<string, string>? inputs = null, string file = "test.yml")
    {
        var before = Runner.Runs.Count;
        var (status, message) = await DispatchAsync(file, inputs);
        Assert.True(status == 204, $"dispatch answered {status}: {message}");
        var run = Runner.Runs[before];
        await run.Completion.WaitAsync(TimeSpan.FromSeconds(90));
        return run;
    }

    public async Task<JsonNode> GetAsync(string pathAndQuery, string? token = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, $"{Server.ApiUrl}repos/{Server.Repository}/{pathAndQuery}");
        request.Headers.Authorization = new AuthenticationHeaderValue("token", token ?? Server.Token);
        using var response = await http.SendAsync(request);
        response.EnsureSuccessStatusCode();
        return JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
    }

    /// <summary>Asserts the job's log holds <paramref name="text"/>, showing the whole log when it does not.</summary>
    public static void LogContains(ActionsJob job, string text) =>
        Assert.True(job.Log.Contains(text, StringComparison.Ordinal), $"'{text}' is not in the log of {job}:\n{job.Log}");

    public async ValueTask DisposeAsync()
    {
        await Runner.DisposeAsync();
        await Server.DisposeAsync();
        http.Dispose();
        Temp.Dispose();
    }
}
