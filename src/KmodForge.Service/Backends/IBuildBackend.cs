using KmodForge.Errors;
using KmodForge.Service.Builds;
using KmodForge.Targets;

namespace KmodForge.Service.Backends;

/// <summary>Whether a backend can take builds, and in words why (or why not), for <c>/healthz</c>.</summary>
public sealed record BackendReadiness(bool Ready, string Detail);

/// <summary>
/// Runs accepted builds. <see cref="StartAsync"/> hands one build over (a workflow dispatch, a local queue entry) and
/// returns once the backend has it; progress is then written to the build store by the backend's own tracking
/// (the GitHub run poller, the local workers), which also resumes unfinished builds after a restart.
/// </summary>
public interface IBuildBackend
{
    /// <summary>The name stored with each build: <c>local</c> or <c>github</c>.</summary>
    string Name { get; }

    BackendReadiness Readiness { get; }

    /// <summary>Hands the build over. Throws <see cref="BuildDispatchException"/> (or a transport error) when it could not.</summary>
    Task StartAsync(BuildRecord build, BuildTarget target, CancellationToken cancellationToken);
}

/// <summary>A build could not be handed to its backend; the message says why and what to do.</summary>
public sealed class BuildDispatchException(string message, Exception? inner = null) : KmodForgeException(message, inner);
