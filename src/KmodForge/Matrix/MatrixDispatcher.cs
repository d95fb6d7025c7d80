using KmodForge.Diagnostics;
using KmodForge.GitHub;
using KmodForge.IO;
using KmodForge.Storage;

namespace KmodForge.Matrix;

/// <summary>What was done with one chunk.</summary>
/// <param name="Inline">True when the chunk travelled in the dispatch inputs, false when only its store key did.</param>
public sealed record ChunkDispatch(int Index, int Builds, string StoreKey, bool Inline);

/// <summary>
/// Carries out a plan: stores every chunk file, dispatches the matrix-build workflow once per chunk (through
/// <see cref="IWorkflowDispatcher"/>, whose implementation retries 5xx and rate limits), and only then stores the new
/// matrix as "previous". A failure part-way leaves "previous" as it was, so the next run dispatches these builds again
/// (builds are idempotent by cache key). A dry run writes the chunk files to a local directory instead of dispatching,
/// and leaves "previous" alone unless <see cref="MatrixSettings.DryRunReplacesPrevious"/> is set.
/// </summary>
public sealed class MatrixDispatcher(IBlobStore store, IWorkflowDispatcher? dispatcher, IBuildLog log)
{
    public async Task<IReadOnlyList<ChunkDispatch>> DispatchAsync(MatrixPlan plan, CancellationToken cancellationToken)
    {
        var run = plan.Run;
        var documents = plan.Chunks.Select(c => (Chunk: c, Bytes: ChunkDocument.ToBytes(c, run), Key: plan.ChunkKey(c))).ToList();
        var results = new List<ChunkDispatch>(documents.Count);

        if (run.Settings.DryRun)
        {
            var directory = Path.Combine(run.Settings.OutputDirectory, run.MatrixId);
            foreach (var (chunk, bytes, key) in documents)
            {
                AtomicFile.WriteAllBytes(Path.Combine(directory, chunk.FileName), bytes);
                results.Add(new ChunkDispatch(chunk.Index, chunk.Kernels.Count, key, Inline: false));
            }

            log.Info($"Dry run: wrote {documents.Count} chunk files to {directory}; nothing dispatched.");
        }
        else
        {
            if (dispatcher is null && documents.Count > 0)
            {
                throw new InvalidOperationException("No workflow dispatcher is configured (GitHub token and repository); use --dry-run to write the chunks instead.");
            }

            foreach (var (chunk, bytes, key) in documents)
            {
                await PutAsync(key, bytes, cancellationToken).ConfigureAwait(false);
            }

            await WarnOverBudgetAsync(plan, cancellationToken).ConfigureAwait(false);

            foreach (var (chunk, bytes, key) in documents)
            {
                var inputs = DispatchInputs.For(chunk, run, bytes, key, run.Settings.InlineChunkMaxChars);
                var inline = inputs["chunk_ref"].Length == 0;
                await dispatcher!.DispatchAsync(run.Settings.MatrixWorkflow, run.Settings.MatrixRef, inputs, cancellationToken).ConfigureAwait(false);
                log.Info($"Dispatched {run.Settings.MatrixWorkflow} chunk {chunk.Index}/{chunk.Of}: {chunk.Kernels.Count} builds{(inline ? string.Empty : $" (by reference {key})")}");
                results.Add(new ChunkDispatch(chunk.Index, chunk.Kernels.Count, key, inline));
            }
        }

        if (run.Settings.ReplacesPrevious)
        {
            await CommitAsync(plan, cancellationToken).ConfigureAwait(false);
        }
        else
        {
            log.Info($"Dry run: the previous matrix ({plan.PreviousKey}) is left as it was, so the next real run still builds these kernels (--dry-run-replaces-previous stores it).");
        }

        return results;
    }

    /// <summary>Warns before dispatching when the run's projected REST requests exceed the token's budget.</summary>
    private async Task WarnOverBudgetAsync(MatrixPlan plan, CancellationToken cancellationToken)
    {
        if (plan.Chunks.Count == 0 || await dispatcher!.RateBudgetAsync(cancellationToken).ConfigureAwait(false) is not { } budget)
        {
            return;
        }

        var builds = plan.Diff.Builds;
        var shards = builds.Select(b => (b.Target.Distribution.Id, b.Target.DistroVersion.Id, b.Target.Architecture)).Distinct().Count();
        var projected = ApiBudget.Nightly(builds.Count, plan.Chunks.Count, shards);
        log.Info($"API budget: {builds.Count} builds in {plan.Chunks.Count} chunks project {projected:N0} REST requests; the token has {budget.Remaining:N0} of {budget.Limit:N0} until {budget.Reset.UtcDateTime:HH:mm} UTC.");
        if (ApiBudget.Warning($"This matrix run ({builds.Count} builds)", projected, budget, DateTimeOffset.UtcNow) is { } warning)
        {
            log.Warning(warning);
        }
    }

    /// <summary>Stores the new matrix as "previous" (the store's put is atomic).</summary>
    private async Task CommitAsync(MatrixPlan plan, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        plan.Diff.Next.Write(buffer);
        await PutAsync(plan.PreviousKey, buffer.ToArray(), cancellationToken).ConfigureAwait(false);
        log.Info($"Stored the matrix ({plan.Diff.Next.Count} kernels) as {plan.PreviousKey} in {store.Description}.");
    }

    private async Task PutAsync(string key, byte[] bytes, CancellationToken cancellationToken)
    {
        var temp = Path.Combine(Path.GetTempPath(), $"kmodforge-matrix-{Guid.NewGuid():N}.json");
        try
        {
            await File.WriteAllBytesAsync(temp, bytes, cancellationToken).ConfigureAwait(false);
            await store.PutAsync(key, temp, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            File.Delete(temp);
        }
    }
}
