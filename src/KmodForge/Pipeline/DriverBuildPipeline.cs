using KmodForge.Targets;

namespace KmodForge.Pipeline;

/// <summary>Runs every phase of a driver build for a target (used by the build service and the benchmarks).</summary>
public sealed class DriverBuildPipeline(DriverBuildOptions options, DriverBuildServices services) : IDriverBuildRunner
{
    public async Task<DriverBuildResult> BuildAsync(BuildTarget target, CancellationToken cancellationToken)
    {
        var build = await RunAsync(target, cancellationToken).ConfigureAwait(false);
        return build.Result();
    }

    /// <summary>Runs the phases and returns the build with its state (for the summary).</summary>
    public async Task<DriverBuild> RunAsync(BuildTarget target, CancellationToken cancellationToken)
    {
        var build = new DriverBuild(target, options, services);
        if (await build.CheckPublishedAsync(cancellationToken).ConfigureAwait(false) is not null)
        {
            return build;
        }

        await build.PrepareSourceAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await build.EnsureBaseImageAsync(cancellationToken).ConfigureAwait(false);
            await build.EnsureHeadersAsync(cancellationToken).ConfigureAwait(false);
            await build.CompileAsync(cancellationToken).ConfigureAwait(false);
            await build.SignAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            build.ReleaseLayerLease();
        }

        build.Verify();
        build.Package();
        await build.PublishAsync(cancellationToken).ConfigureAwait(false);
        return build;
    }
}
