using KmodForge.GitHub;
using KmodForge.Service.Builds;
using KmodForge.Targets;

namespace KmodForge.Service.Backends.GitHub;

/// <summary>
/// Dispatches the build workflow (<c>driver-build.yml</c> by default) with the build's inputs. The dispatcher retries
/// transient GitHub faults; <see cref="GitHubRunPoller"/> follows the run afterwards.
/// </summary>
public sealed class GitHubActionsBackend(IWorkflowDispatcher dispatcher, ServiceSettings settings) : IBuildBackend
{
    public const string BackendName = "github";

    public string Name => BackendName;

    public BackendReadiness Readiness => string.IsNullOrWhiteSpace(settings.GitHubRepository)
        ? new(false, "github backend: --github-repository is not set")
        : new(true, $"github backend: {settings.GitHubWorkflow} on {settings.GitHubRepository}@{settings.GitHubRef}, polled every {settings.PollInterval.TotalSeconds:0.#} s");

    public Task StartAsync(BuildRecord build, BuildTarget target, CancellationToken cancellationToken) =>
        dispatcher.DispatchAsync(settings.GitHubWorkflow, settings.GitHubRef, WorkflowInputs.For(build.Id, target), cancellationToken);
}
