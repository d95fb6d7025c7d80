using KmodForge.Naming;
using KmodForge.Pipeline;
using KmodForge.Publishing;
using KmodForge.Targets;

namespace KmodForge.Tests.Service.Support;

/// <summary>
/// An <see cref="IDriverBuildRunner"/> for the local backend's tests: records targets, optionally waits for the test
/// to release it (honouring cancellation), then publishes to the release store or fails as told.
/// </summary>
public sealed class RecordingRunner(MemoryReleaseStore releases) : IDriverBuildRunner
{
    private int calls;

    public int Calls => Volatile.Read(ref calls);

    /// <summary>When set, builds wait for it (or for cancellation).</summary>
    public TaskCompletionSource? Gate { get; set; }

    public TaskCompletionSource Started { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public Exception? Failure { get; set; }

    /// <summary>When set, a build tells it published, then waits for this (the pipeline's header layer commit) before it returns.</summary>
    public TaskCompletionSource? AfterPublished { get; set; }

    /// <summary>Thrown after the publish was told (a clean-up that fails).</summary>
    public Exception? FailureAfterPublished { get; set; }

    public async Task<DriverBuildResult> BuildAsync(BuildTarget target, Func<DriverBuildResult, Task>? published, CancellationToken cancellationToken)
    {
        var result = await BuildAsync(target, cancellationToken);
        if (published is not null)
        {
            await published(result);
        }

        if (AfterPublished is { } after)
        {
            await after.Task.WaitAsync(cancellationToken);
        }

        return FailureAfterPublished is { } failure ? throw failure : result;
    }

    public async Task<DriverBuildResult> BuildAsync(BuildTarget target, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref calls);
        Started.TrySetResult();
        if (Gate is { } gate)
        {
            await gate.Task.WaitAsync(cancellationToken);
        }

        if (Failure is not null)
        {
            throw Failure;
        }

        var package = releases.Add(PackageNaming.ReleaseTag(target), PackageNaming.FileName("kmodforge-sample", target));
        return new DriverBuildResult(target, package, false, [("build", TimeSpan.FromSeconds(1))]);
    }
}
