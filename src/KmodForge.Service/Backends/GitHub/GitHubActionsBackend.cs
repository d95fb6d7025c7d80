using KmodForge.GitHub;
using KmodForge.Service.Builds;
using KmodForge.Targets;

namespace KmodForge.Service.Backends.GitHub;

/// <summary>
/// Dispatches the build workflow (<c>driver-build.yml</c> by default) with the build's inputs. The dispatcher retries
/// transient GitHub faults; <see cref="GitHubRunPoller"/> follows the run afterwards.
/// </summary>
public sealed class GitHubActionsBackend(IWorkflowDispatcher dispatcher, GitHubBackendOptions options, ServiceSettings settings) : IBuildBackend
{
    public const string BackendName = "github";

    public string Name => BackendName;

    public BackendReadiness Readiness =>
        new(true, $"github backend: {options.Workflow} in {options.Repository}, polled every {settings.PollInterval.TotalSeconds:0.#} s");

    public async Task StartAsync(BuildRecord build, BuildTarget target, CancellationToken cancellationToken)
    {
        var gitRef = await options.Ref(cancellationToken).ConfigureAwait(false);
        await dispatcher.DispatchAsync(options.Workflow, gitRef, WorkflowInputs.For(build.Id, target), cancellationToken).ConfigureAwait(false);
    }
}
