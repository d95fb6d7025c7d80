using KmodForge.TestSupport.Storage;
using KmodForge.Diagnostics;
using KmodForge.GitHub;
using KmodForge.Tests.Actions;
using KmodForge.Tests.GitHub;
using KmodForge.TestSupport.GitHub;
using KmodForge.Tests.Support;

namespace KmodForge.Tests.Workflows;

/// <summary>
/// The system as a user deploys it, on one machine: this repository (its working tree) pushed to
/// <see cref="LocalGitHubServer"/> as <c>kmodforge/drivers</c>, its real workflow files run by the local Actions
/// runner on GitHub's own parser and expression engine, s3rver as the S3 bucket the repository variables name, and
/// the secrets a user would add. Jobs share the machine's container storage (header layers), as jobs on one
/// self-hosted runner do; everything else a job has is its own (workspace, checkout, artifacts, the runner's temp).
/// </summary>
internal sealed class DeployedSystem(TempDirectory temp, S3rverServer s3, LocalGitHubServer server, LocalActionsRunner runner, Dictionary<string, string> vars) : IAsyncDisposable
{
    public const string NightlyDriverVersion = "v0.1.0";

    private readonly List<GitHubApi> apis = [];

    public TempDirectory Temp { get; } = temp;

    public S3rverServer S3 { get; } = s3;

    public LocalGitHubServer Server { get; } = server;

    public LocalActionsRunner Runner { get; } = runner;

    /// <summary>The repository variables (Settings → Secrets and variables → Actions → Variables); runs read them when they start.</summary>
    public Dictionary<string, string> Vars { get; } = vars;

    public RecordingLog Log { get; } = new();

    public static async Task<DeployedSystem> StartAsync(string kernelsJson)
    {
        var temp = new TempDirectory("kmodforge-deployed");
        var s3 = S3rverServer.Start();
        var server = await LocalGitHubServer.StartAsync(owner: "kmodforge", repo: "drivers");
        RepositorySnapshot.Seed(server.State, RepoPaths.Root, server.DefaultBranch);
        server.State.Commit(server.DefaultBranch, new Dictionary<string, string> { ["kernels.json"] = kernelsJson });
        var vars = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["KMODFORGE_S3_BUCKET"] = S3rverServer.Bucket,
            ["KMODFORGE_S3_PREFIX"] = "kmodforge",
            ["KMODFORGE_S3_REGION"] = "us-east-1",
            ["KMODFORGE_S3_ENDPOINT_URL"] = s3.EndpointUrl,
            ["KMODFORGE_S3_FORCE_PATH_STYLE"] = "true",
            ["DRIVER_VERSION"] = NightlyDriverVersion,
        };
        var runner = await LocalActionsRunner.AttachAsync(server, new LocalActionsRunnerOptions
        {
            WorkDirectory = temp.Combine("runner"),
            Environment = RunnerEnvironment(),
            FreshHomePerJob = true,
            Secrets = new Dictionary<string, string>
            {
                ["AWS_ACCESS_KEY_ID"] = "S3RVER",
                ["AWS_SECRET_ACCESS_KEY"] = "S3RVER",
            },
            Vars = vars,
            Labels = ["ubuntu-24.04", "ubuntu-latest", "linux", "x64"],
            Capacity = 2,
        });
        return new DeployedSystem(temp, s3, server, runner, vars);
    }

    /// <summary>
    /// What the runner machine gives every step besides GitHub's own variables: the tools on PATH and NuGet's package
    /// folder (each job has a fresh HOME, as on a GitHub-hosted runner, so no store or cache under ~ survives a job),
    /// and — like a runner's <c>.env</c> file — a dispatch payload limit low enough that one of the scenario's small
    /// chunks goes by reference, as a 256-build chunk does at GitHub's limit.
    /// </summary>
    private static Dictionary<string, string> RunnerEnvironment()
    {
        var env = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var name in new[] { "PATH", "DOTNET_ROOT", "LANG", "TMPDIR", "CONTAINER_HOST", "DOCKER_HOST" })
        {
            if (Environment.GetEnvironmentVariable(name) is { Length: > 0 } value)
            {
                env[name] = value;
            }
        }

        env["NUGET_PACKAGES"] = Environment.GetEnvironmentVariable("NUGET_PACKAGES") is { Length: > 0 } packages
            ? packages : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
        env["KMODFORGE_INLINE_CHUNK_MAX_CHARS"] = "1000";
        return env;
    }

    /// <summary>A client of the local GitHub with the repository's own token (what the build service and tests use).</summary>
    public GitHubApi Connect()
    {
        var api = GitHubClientFactory.Connect(new GitHubSettings
        {
            Token = Server.Token,
            Repository = Server.Repository,
            ApiUrl = Server.BaseUrl.ToString(),
            ServerUrl = Server.BaseUrl.ToString(),
            RetryBaseDelay = TimeSpan.FromMilliseconds(50),
            RequestTimeout = TimeSpan.FromSeconds(30),
        }, Log);
        apis.Add(api);
        return api;
    }

    /// <summary>"Run workflow" in the UI: a workflow_dispatch through the real API, on the default branch.</summary>
    public Task DispatchAsync(string workflow, IReadOnlyDictionary<string, string> inputs) =>
        new GitHubWorkflowDispatcher(Connect()).DispatchAsync(workflow, Server.DefaultBranch, inputs, CancellationToken.None);

    /// <summary>Waits until no run is queued or running, then returns the runs that started since <paramref name="before"/> runs existed.</summary>
    public async Task<IReadOnlyList<ActionsRun>> SettleAsync(int before, TimeSpan timeout)
    {
        await Runner.WaitForIdleAsync(timeout);
        return Runner.Runs.Skip(before).ToList();
    }

    /// <summary>The files of a release, by tag.</summary>
    public IReadOnlyList<string> ReleaseAssets(string tag)
    {
        lock (Server.State.Gate)
        {
            return Server.State.ReleaseByTag(tag)?.Assets.Select(a => a.Name).Order(StringComparer.Ordinal).ToList() ?? [];
        }
    }

    public async ValueTask DisposeAsync()
    {
        await Runner.DisposeAsync();
        foreach (var api in apis)
        {
            api.Dispose();
        }

        await Server.DisposeAsync();
        S3.Dispose();
        Temp.Dispose();
    }
}
