using System.Threading.Channels;
using KmodForge.Pipeline;
using KmodForge.Service.Builds;
using KmodForge.Service.Hosting;
using KmodForge.Service.State;
using KmodForge.Targets;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace KmodForge.Service.Backends.Local;

/// <summary>
/// Builds on this machine through <see cref="IDriverBuildRunner"/> (which builds and publishes to the configured
/// release store): a bounded queue and <see cref="ServiceSettings.LocalParallelism"/> workers. The build timeout counts
/// from the moment a worker starts the build. On start, unfinished local builds (their work died with the previous
/// process) are queued again; the runner returns the package at once if it had been published.
/// </summary>
public sealed class LocalBuildBackend(
    IBuildStore store,
    IDriverBuildRunner? runner,
    DispatchesInFlight inFlight,
    ServiceSettings settings,
    TimeProvider time,
    ILogger<LocalBuildBackend> logger,
    Containers.IBuildContainers? containers = null) : BackgroundService, IBuildBackend
{
    public const string BackendName = "local";

    private readonly Channel<string> queue = Channel.CreateBounded<string>(new BoundedChannelOptions(Math.Max(1, settings.LocalQueueCapacity))
    {
        FullMode = BoundedChannelFullMode.Wait,
    });

    /// <summary>Builds queued or running in this process: each is queued once, whether by a request or by recovery.</summary>
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, byte> owned = new(StringComparer.Ordinal);

    public string Name => BackendName;

    public BackendReadiness Readiness => runner is null
        ? new(false, "local backend: no build runner (IDriverBuildRunner) is registered in this service")
        : new(true, $"local backend: {settings.LocalParallelism} worker(s), {queue.Reader.Count} of {settings.LocalQueueCapacity} queue places taken");

    public Task StartAsync(BuildRecord build, BuildTarget target, CancellationToken cancellationToken)
    {
        if (runner is null)
        {
            throw new BuildDispatchException("this service has no local build runner; run it with --backend=github or register an IDriverBuildRunner");
        }

        if (!owned.TryAdd(build.Id, 0))
        {
            return Task.CompletedTask;
        }

        if (!queue.Writer.TryWrite(build.Id))
        {
            owned.TryRemove(build.Id, out _);
            throw new BuildDispatchException($"the local build queue is full ({settings.LocalQueueCapacity} builds waiting); try again later");
        }

        return Task.CompletedTask;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (runner is null)
        {
            return;
        }

        // Containers of builds a killed process left running go first, before a resumed build starts new ones.
        if (containers is not null)
        {
            await new OrphanedContainers(containers, store, logger).ReapAsync(owned.ContainsKey, stoppingToken).ConfigureAwait(false);
        }

        // Workers first, so a queue smaller than the backlog of recovered builds drains while it is refilled.
        var workers = Enumerable.Range(0, Math.Max(1, settings.LocalParallelism)).Select(_ => WorkAsync(runner, stoppingToken)).ToList();
        foreach (var build in await store.ListUnfinishedAsync(Name, stoppingToken).ConfigureAwait(false))
        {
            if (inFlight.Contains(build.Id) || !owned.TryAdd(build.Id, 0))
            {
                continue;
            }

            logger.LogInformation("Resuming local build {BuildId} ({CacheKey}) left {State} by a previous process", build.Id, build.CacheKey, build.State.StoredName());
            await store.MarkDispatchedAsync(build.Id, time.GetUtcNow(), stoppingToken).ConfigureAwait(false);
            await queue.Writer.WriteAsync(build.Id, stoppingToken).ConfigureAwait(false);
        }

        await Task.WhenAll(workers).ConfigureAwait(false);
    }

    private async Task WorkAsync(IDriverBuildRunner buildRunner, CancellationToken stoppingToken)
    {
        try
        {
            await foreach (var id in queue.Reader.ReadAllAsync(stoppingToken).ConfigureAwait(false))
            {
                try
                {
                    await RunAsync(buildRunner, id, stoppingToken).ConfigureAwait(false);
                }
                catch (Exception e) when (!stoppingToken.IsCancellationRequested)
                {
                    logger.LogError("Local build {BuildId} could not be run or recorded: {Error}", id, e.Message);
                }
                finally
                {
                    owned.TryRemove(id, out _);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    private async Task RunAsync(IDriverBuildRunner buildRunner, string id, CancellationToken stoppingToken)
    {
        var build = await store.GetAsync(id, stoppingToken).ConfigureAwait(false);
        if (build is null || build.State.IsFinished())
        {
            return;
        }

        using var scope = logger.BeginScope(new LogScope(("BuildId", build.Id), ("CacheKey", build.CacheKey)));
        using var labels = Containers.ContainerLabels.ForBuild(build.Id);
        await store.UpdateAsync(id, new BuildUpdate(BuildState.InProgress, "building on this machine"), time.GetUtcNow(), stoppingToken).ConfigureAwait(false);
        logger.LogInformation("Building {CacheKey}", build.CacheKey);

        using var timeout = new CancellationTokenSource(settings.BuildTimeout, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken, timeout.Token);
        BuildUpdate update;
        BuildUpdate? told = null;
        try
        {
            // Done as soon as the package is published: a waiting node fetches it while the build keeps its header layer.
            var result = await buildRunner.BuildAsync(build.Target(), async published =>
            {
                told = Done(published);
                await store.UpdateAsync(id, told, time.GetUtcNow(), CancellationToken.None).ConfigureAwait(false);
                logger.LogInformation("Build {BuildId} is {State}: {Reason}", id, told.State.ApiName(), told.Reason);
            }, linked.Token).ConfigureAwait(false);
            update = Done(result);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            logger.LogInformation("Stopping: build {BuildId} stays in progress and is run again on the next start", id);
            return;
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested)
        {
            update = new BuildUpdate(BuildState.TimedOut, $"the build ran longer than {settings.BuildTimeout.TotalMinutes:0.#} min and was cancelled");
        }
        catch (Errors.NotApplicableException e)
        {
            update = new BuildUpdate(BuildState.NotApplicable, e.Reason);
        }
        catch (Exception e)
        {
            update = new BuildUpdate(BuildState.Error, e.Message);
        }

        if (told is not null)
        {
            // Published and said so: what failed after (keeping the header layer) does not undo that.
            if (update.State != BuildState.Done)
            {
                logger.LogWarning("Build {BuildId} was published, then its clean-up failed: {Reason}", id, update.Reason);
            }

            return;
        }

        await store.UpdateAsync(id, update, time.GetUtcNow(), CancellationToken.None).ConfigureAwait(false);
        var level = update.State is BuildState.Done or BuildState.NotApplicable ? LogLevel.Information : LogLevel.Warning;
        logger.Log(level, "Build {BuildId} is {State}: {Reason}", id, update.State.ApiName(), update.Reason);
    }

    private static BuildUpdate Done(DriverBuildResult result) =>
        new(BuildState.Done, result.AlreadyPublished ? "was already published" : "built and published", result.Package.Location, result.Package.Sha256)
        {
            SignatureKeyId = result.Package.SignatureKeyId,
        };
}
