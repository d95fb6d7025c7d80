using KmodForge.Targets;

namespace KmodForge.Pipeline;

/// <summary>Runs every phase of a driver build for a target (used by the build service and the benchmarks).</summary>
public sealed class DriverBuildPipeline(DriverBuildOptions options, DriverBuildServices services) : IDriverBuildRunner
{
    public Task<DriverBuildResult> BuildAsync(BuildTarget target, CancellationToken cancellationToken) => BuildAsync(target, null, cancellationToken);

    public async Task<DriverBuildResult> BuildAsync(BuildTarget target, Func<DriverBuildResult, Task>? published, CancellationToken cancellationToken)
    {
        var build = await RunAsync(target, cancellationToken, published).ConfigureAwait(false);
        return build.Result();
    }

    /// <summary>Runs the phases and returns the build with its state (for the summary); <paramref name="published"/> is told when the package is in the store.</summary>
    public async Task<DriverBuild> RunAsync(BuildTarget target, CancellationToken cancellationToken, Func<DriverBuildResult, Task>? published = null)
    {
        var build = new DriverBuild(target, options, services);
        if (await build.CheckPublishedAsync(cancellationToken).ConfigureAwait(false) is not null)
        {
            await (published?.Invoke(build.Result()) ?? Task.CompletedTask).ConfigureAwait(false);
            return build;
        }

        await build.PrepareSourceAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await build.EnsureBaseImageAsync(cancellationToken).ConfigureAwait(false);
            await build.EnsureHeadersAsync(cancellationToken).ConfigureAwait(false);
            await build.CompileAsync(cancellationToken).ConfigureAwait(false);
            await build.SignAsync(cancellationToken).ConfigureAwait(false);

            // A header layer installed in the build's session container is committed while the package is made.
            build.StartKeepingLayer();
            build.Verify();
            build.Package();
            await build.PublishAsync(cancellationToken).ConfigureAwait(false);
            await (published?.Invoke(build.Result()) ?? Task.CompletedTask).ConfigureAwait(false);
        }
        finally
        {
            await build.FinishLayerAsync(keep: !cancellationToken.IsCancellationRequested).ConfigureAwait(false);
        }

        return build;
    }
}
