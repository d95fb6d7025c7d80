using System.Diagnostics;
using KmodForge.Containers;
using KmodForge.Containers.Tooling;
using KmodForge.Diagnostics;
using KmodForge.IO;
using KmodForge.Targets;

namespace KmodForge.Images;

/// <summary>
/// Makes a base image present in the local engine: already there → <see cref="BaseImageSource.Local"/>; otherwise it is
/// built from <c>docker/Dockerfile.base.&lt;distro&gt;</c> for the architecture's platform. The FROM image is taken, in
/// order, from a bootstrapped per-architecture root filesystem image, the local engine, a pull; when none serves and
/// the distribution is Debian, it is bootstrapped offline (<see cref="DebianRootfsBootstrapper"/>). One build per
/// image at a time, across processes (a lock file under the cache folder).
/// </summary>
/// <param name="repositoryRoot">The folder that holds <c>docker/</c>.</param>
public sealed class BaseImageBuilder(
    IContainerEngine engine, Func<string, HostCommand> hostCommand, BaseImageSettings settings, string repositoryRoot, IBuildLog log)
    : IBaseImageProvider
{
    /// <summary>Host tools (debootstrap, tar) run as real processes.</summary>
    public static BaseImageBuilder Create(IContainerEngine engine, BaseImageSettings settings, string repositoryRoot, IBuildLog log) =>
        new(engine, executable => new HostCommand(executable), settings, repositoryRoot, log);

    public async Task<BaseImageResult> EnsureAsync(Distribution distribution, DistroVersion version, Architecture architecture, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(distribution);
        ArgumentNullException.ThrowIfNull(version);
        var plan = BaseImageBuildPlan.For(distribution, version, architecture, repositoryRoot);
        var notes = new List<string>();
        var lockPath = Path.Combine(settings.ResolvedCacheDirectory, "locks", $"base-{distribution.Id}-{version.Id}-{architecture.DebianName()}.lock");
        using var held = await FileLock.AcquireAsync(lockPath, log.Info, cancellationToken).ConfigureAwait(false);

        if (await engine.ImageExistsAsync(plan.Tag, cancellationToken).ConfigureAwait(false))
        {
            notes.Add($"{plan.Tag} is present in {engine.Name}");
            return new BaseImageResult(plan.Tag, BaseImageSource.Local, notes);
        }

        notes.Add($"{plan.Tag} is not present in {engine.Name}");
        if (!File.Exists(plan.Dockerfile))
        {
            throw new BaseImageException($"Cannot build {plan.Tag}: {plan.Dockerfile} does not exist.", notes);
        }

        var baseImage = await ResolveFromImageAsync(distribution, version, architecture, plan, notes, cancellationToken).ConfigureAwait(false);
        var request = new ImageBuildRequest(plan.Dockerfile, plan.ContextDirectory, plan.Tag)
        {
            BuildArgs = plan.BuildArgs(baseImage),
            Platform = plan.Platform,
        };

        log.Info($"Building {plan.Tag} from {Path.GetFileName(plan.Dockerfile)} (FROM {baseImage ?? plan.FromImage}, {plan.Platform}).");
        var stopwatch = Stopwatch.StartNew();
        using (var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
        {
            limit.CancelAfter(settings.BuildTimeout);
            try
            {
                await engine.BuildAsync(request, limit.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                throw new BaseImageException($"Building {plan.Tag} did not finish within {settings.BuildTimeout.TotalMinutes:0} min (--base-image-build-timeout).", notes);
            }
        }

        notes.Add($"built {plan.Tag} FROM {baseImage ?? plan.FromImage} for {plan.Platform} in {stopwatch.Elapsed.TotalSeconds:0} s");
        return new BaseImageResult(plan.Tag, BaseImageSource.Built, notes);
    }

    /// <summary>The image to pass as BASE_IMAGE, or null when the Dockerfile's own FROM (the official image) serves.</summary>
    private async Task<string?> ResolveFromImageAsync(
        Distribution distribution, DistroVersion version, Architecture architecture, BaseImageBuildPlan plan, List<string> notes, CancellationToken cancellationToken)
    {
        var bootstrap = distribution.Bootstrap == BaseImageBootstrap.Debootstrap
            ? DebootstrapPlan.For(version, architecture, settings, ArchitectureNames.Host())
            : null;
        if (bootstrap is not null && await engine.ImageExistsAsync(bootstrap.RootfsImage, cancellationToken).ConfigureAwait(false))
        {
            notes.Add($"using the bootstrapped root filesystem image {bootstrap.RootfsImage}");
            return bootstrap.RootfsImage;
        }

        var local = await engine.InspectImageAsync(plan.FromImage, cancellationToken).ConfigureAwait(false);
        if (local is not null && local.Architecture == architecture.DebianName())
        {
            notes.Add($"{plan.FromImage} ({local.Architecture}) is present in {engine.Name}");
            return null;
        }

        notes.Add(local is null
            ? $"{plan.FromImage} is not present in {engine.Name}"
            : $"{plan.FromImage} is present but for {local.Architecture}, not {architecture.DebianName()}");

        try
        {
            using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            limit.CancelAfter(settings.PullTimeout);
            await engine.PullAsync(plan.FromImage, plan.Platform, limit.Token).ConfigureAwait(false);
            notes.Add($"pulled {plan.FromImage} for {plan.Platform}");
            return null;
        }
        catch (Exception e) when (e is ContainerEngineException || (e is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            notes.Add($"pull {plan.FromImage} for {plan.Platform} failed: {FirstProblemLine(e)}");
        }

        if (bootstrap is null)
        {
            throw new BaseImageException(
                $"Cannot build {plan.Tag}: its FROM image {plan.FromImage} is not present and cannot be pulled, and {distribution.DisplayName} has no offline bootstrap. " +
                $"Make the registry reachable, or load the image ({engine.Name} load -i FILE.tar).",
                notes);
        }

        var tarball = await new DebianRootfsBootstrapper(hostCommand, log, settings.DebootstrapTimeout)
            .EnsureTarballAsync(bootstrap, notes, cancellationToken).ConfigureAwait(false);
        await engine.ImportAsync(tarball, bootstrap.RootfsImage, bootstrap.Platform, cancellationToken).ConfigureAwait(false);
        notes.Add($"imported {Path.GetFileName(tarball)} as {bootstrap.RootfsImage} ({bootstrap.Platform})");

        if (bootstrap.OfficialAlias is { } alias && !await engine.ImageExistsAsync(alias, cancellationToken).ConfigureAwait(false))
        {
            await engine.TagAsync(bootstrap.RootfsImage, alias, cancellationToken).ConfigureAwait(false);
            notes.Add($"tagged it {alias} so an unchanged FROM {plan.FromImage} builds offline");
        }

        return bootstrap.RootfsImage;
    }

    /// <summary>The engine's own reason (last "Error:" line of its output), not the whole message.</summary>
    private static string FirstProblemLine(Exception e)
    {
        if (e is OperationCanceledException)
        {
            return "no answer within the pull timeout (--base-image-pull-timeout)";
        }

        var lines = e.Message.Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        return lines.LastOrDefault(l => l.Contains("error", StringComparison.OrdinalIgnoreCase)) ?? lines.LastOrDefault() ?? e.GetType().Name;
    }
}
