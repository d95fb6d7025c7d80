using KmodForge.GitHub;
using KmodForge.Service.Builds;
using KmodForge.Service.Hosting;
using KmodForge.Service.State;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace KmodForge.Service.Backends.GitHub;

/// <summary>
/// Follows every unfinished GitHub build, every poll interval, from the state database: so builds left unfinished by
/// a previous process are picked up on start like any other. A poll that fails (after the client's own retries of
/// transient faults) is logged and tried again next interval; the build timeout still applies.
/// </summary>
public sealed class GitHubRunPoller(
    IBuildStore store,
    IWorkflowRuns runs,
    GitHubActionsBackend backend,
    GitHubBackendOptions options,
    PublishedPackages published,
    DispatchesInFlight inFlight,
    ServiceSettings settings,
    TimeProvider time,
    ILogger<GitHubRunPoller> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(settings.PollInterval, time);
        do
        {
            try
            {
                await PollOnceAsync(stoppingToken).ConfigureAwait(false);
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested)
            {
                logger.LogWarning("Polling GitHub builds failed, trying again in {Interval} s: {Error}", settings.PollInterval.TotalSeconds, e.Message);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false));
    }

    /// <summary>Looks at each unfinished GitHub build once.</summary>
    public async Task PollOnceAsync(CancellationToken cancellationToken)
    {
        var builds = await store.ListUnfinishedAsync(backend.Name, cancellationToken).ConfigureAwait(false);
        await Parallel.ForEachAsync(builds, new ParallelOptions { MaxDegreeOfParallelism = 4, CancellationToken = cancellationToken },
            async (build, ct) =>
            {
                using var scope = logger.BeginScope(new LogScope(("BuildId", build.Id), ("CacheKey", build.CacheKey)));
                try
                {
                    await TrackAsync(build, ct).ConfigureAwait(false);
                }
                catch (Exception e) when (!ct.IsCancellationRequested)
                {
                    logger.LogWarning("Could not check the workflow run of build {BuildId}, trying again next poll: {Error}", build.Id, e.Message);
                }
            }).ConfigureAwait(false);
    }

    private async Task TrackAsync(BuildRecord build, CancellationToken cancellationToken)
    {
        if (inFlight.Contains(build.Id))
        {
            return;
        }

        var run = await runs.FindByBuildIdAsync(options.Workflow, build.Id, cancellationToken).ConfigureAwait(false);
        var decision = RunTransitions.Decide(build, run, time.GetUtcNow(), settings.BuildTimeout, settings.DispatchRecoveryGrace);
        if (decision.Adopt)
        {
            logger.LogInformation("Build {BuildId} was left dispatching by a previous process; its run {RunId} exists, so it is not dispatched again", build.Id, run!.Id);
            await store.MarkDispatchedAsync(build.Id, time.GetUtcNow(), cancellationToken).ConfigureAwait(false);
        }

        switch (decision.Action)
        {
            case RunAction.Update:
                await ApplyAsync(build, decision.Update!, cancellationToken).ConfigureAwait(false);
                break;
            case RunAction.CheckPackage:
                await FinishAsync(build, decision.Run!, cancellationToken).ConfigureAwait(false);
                break;
            case RunAction.Redispatch:
                await RedispatchAsync(build, cancellationToken).ConfigureAwait(false);
                break;
        }
    }

    private async Task FinishAsync(BuildRecord build, WorkflowRunInfo run, CancellationToken cancellationToken)
    {
        var target = build.Target();
        var package = await published.FindAsync(target, fresh: true, cancellationToken).ConfigureAwait(false);
        var excluded = package is null ? await runs.NotApplicableReasonAsync(run.Id, cancellationToken).ConfigureAwait(false) : null;
        var update = excluded is not null
            ? new BuildUpdate(BuildState.NotApplicable, excluded, RunId: run.Id, RunUrl: run.HtmlUrl)
            : package is null
            ? new BuildUpdate(BuildState.Error,
                $"workflow run {run.Id} succeeded but {published.FileName(target)} is not in release {published.ReleaseTag(target)} of {published.Store.Description}: {run.HtmlUrl}",
                RunId: run.Id, RunUrl: run.HtmlUrl)
            : new BuildUpdate(BuildState.Done, $"built by workflow run {run.Id}", package.Location, package.Sha256, run.Id, run.HtmlUrl) { SignatureKeyId = package.SignatureKeyId };
        await ApplyAsync(build, update, cancellationToken).ConfigureAwait(false);
    }

    private async Task ApplyAsync(BuildRecord build, BuildUpdate update, CancellationToken cancellationToken)
    {
        if (await store.UpdateAsync(build.Id, update, time.GetUtcNow(), cancellationToken).ConfigureAwait(false))
        {
            var level = update.State is BuildState.Error or BuildState.TimedOut ? LogLevel.Warning : LogLevel.Information;
            logger.Log(level, "Build {BuildId} is {State}: {Reason}", build.Id, update.State.ApiName(), update.Reason);
        }
    }

    private async Task RedispatchAsync(BuildRecord build, CancellationToken cancellationToken)
    {
        logger.LogWarning(
            "Build {BuildId} was left dispatching by a previous process and no run names it after {Grace} s: dispatching it again",
            build.Id, settings.DispatchRecoveryGrace.TotalSeconds);
        using var dispatching = inFlight.Begin(build.Id);
        await backend.StartAsync(build, build.Target(), cancellationToken).ConfigureAwait(false);
        await store.MarkDispatchedAsync(build.Id, time.GetUtcNow(), cancellationToken).ConfigureAwait(false);
    }
}
