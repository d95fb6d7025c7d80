using KmodForge.Publishing;
using KmodForge.Targets;

namespace KmodForge.Pipeline;

/// <summary>The outcome of building one target.</summary>
/// <param name="Package">The published package.</param>
/// <param name="AlreadyPublished">True when the package existed and nothing was built.</param>
/// <param name="PhaseDurations">How long each phase took, in order.</param>
public sealed record DriverBuildResult(
    BuildTarget Target,
    StoredPackage Package,
    bool AlreadyPublished,
    IReadOnlyList<(string Phase, TimeSpan Duration)> PhaseDurations);

/// <summary>
/// Builds, verifies, packages and publishes the driver for one target (or returns the existing package).
/// The Cake tasks, the build service's local backend and the benchmarks all go through this.
/// </summary>
public interface IDriverBuildRunner
{
    Task<DriverBuildResult> BuildAsync(BuildTarget target, CancellationToken cancellationToken);

    /// <summary>
    /// The same build, telling <paramref name="published"/> as soon as the package is in the store: before what the
    /// build still does for the builds after it (the header layer's commit), which the returned task also waits for.
    /// A runner with nothing after the publish tells it when it returns.
    /// </summary>
    async Task<DriverBuildResult> BuildAsync(BuildTarget target, Func<DriverBuildResult, Task>? published, CancellationToken cancellationToken)
    {
        var result = await BuildAsync(target, cancellationToken).ConfigureAwait(false);
        if (published is not null)
        {
            await published(result).ConfigureAwait(false);
        }

        return result;
    }
}
