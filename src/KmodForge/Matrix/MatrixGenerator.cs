using System.Globalization;
using KmodForge.Diagnostics;
using KmodForge.Errors;
using KmodForge.GitHub;
using KmodForge.IO;
using KmodForge.Kernels;
using KmodForge.Kernels.Crawler;
using KmodForge.Kernels.Livepatch;
using KmodForge.Net;
using KmodForge.Storage;
using KmodForge.Targets;

namespace KmodForge.Matrix;

/// <summary>
/// The nightly matrix, end to end: read kernels.json (and, opted in, kernel-crawler lists and AL2023 livepatch
/// metadata), map and validate every kernel, diff against the previous matrix in the store, chunk, then dispatch (or
/// write, in a dry run), store the new matrix as previous (not after a dry run, and not when it lost more of the previous
/// one than <see cref="MatrixSettings.MaxLossPercent"/> allows), and write <c>$GITHUB_OUTPUT</c>.
/// </summary>
/// <param name="dispatcher">Null is allowed for dry runs.</param>
/// <param name="http">Used for crawler downloads and livepatch metadata; made with <see cref="RetryHandler"/> when null.</param>
public sealed class MatrixGenerator(
    MatrixSettings settings,
    IBlobStore store,
    IWorkflowDispatcher? dispatcher,
    IBuildLog log,
    HttpClient? http = null,
    ILivepatchSource? livepatch = null,
    TimeProvider? clock = null) : IDisposable
{
    private HttpClient? ownHttp;

    private HttpClient Http => http ?? (ownHttp ??= new HttpClient(new RetryHandler(RetryOptions.Default, log)) { Timeout = Timeout.InfiniteTimeSpan });

    public void Dispose() => ownHttp?.Dispose();

    /// <summary>Plans and carries out the run; returns the plan and what was done per chunk.</summary>
    public async Task<(MatrixPlan Plan, IReadOnlyList<ChunkDispatch> Chunks)> RunAsync(CancellationToken cancellationToken)
    {
        var plan = await PlanAsync(cancellationToken).ConfigureAwait(false);
        log.Info(MatrixPlanReport.Format(plan));
        log.Verbose(MatrixPlanReport.FormatSkips(plan.Skips, expanded: true));
        if (!string.IsNullOrEmpty(settings.SkipReport))
        {
            AtomicFile.WriteAllText(settings.SkipReport, MatrixPlanReport.FormatSkips(plan.Skips, expanded: true));
            log.Info($"Wrote the full skip summary to {settings.SkipReport}.");
        }

        plan.Loss.Check(settings, plan.Diff.Next.Count);
        var chunks = await new MatrixDispatcher(store, dispatcher, log).DispatchAsync(plan, cancellationToken).ConfigureAwait(false);
        if (!string.IsNullOrEmpty(settings.GitHubOutput))
        {
            GitHubOutputFile.Append(settings.GitHubOutput, Outputs(plan, chunks));
        }

        return (plan, chunks);
    }

    /// <summary>Decides everything; reads the store and sources, writes nothing.</summary>
    public async Task<MatrixPlan> PlanAsync(CancellationToken cancellationToken)
    {
        var architectures = settings.Validate();
        var driverName = settings.DriverName!;
        var driverVersion = settings.DriverVersion!;
        var previous = await LoadPreviousAsync(MatrixPlan.PreviousKeyFor(settings.StorePrefix, driverName), cancellationToken).ConfigureAwait(false);
        var skips = new SkipSummary();
        var builder = new MatrixBuilder(driverVersion, previous, skips);
        var read = new Dictionary<KernelSource, int>();
        var flavours = 0;

        using (log.Phase("Kernel list"))
        {
            read[KernelSource.KernelsJson] = AddKernelsJson(builder, architectures, driverVersion);
        }

        if (settings.UseKernelCrawler)
        {
            using (log.Phase("kernel-crawler"))
            {
                var crawler = await new CrawlerKernels(settings, Http).AddAsync(builder, architectures, skips, cancellationToken).ConfigureAwait(false);
                read[KernelSource.KernelCrawler] = crawler.Entries;
                flavours = crawler.ExtraFlavours;
            }

            if (!string.IsNullOrWhiteSpace(settings.LivepatchRepo) && architectures.Count > 0)
            {
                using (log.Phase("AL2023 livepatch"))
                {
                    read[KernelSource.Livepatch] = await AddLivepatchAsync(builder, architectures, driverVersion, skips, cancellationToken).ConfigureAwait(false);
                }
            }
        }

        var loss = MatrixLoss.Of(previous, builder);
        var diff = builder.Build();
        var chunks = MatrixChunker.Chunk(diff.Builds, settings.ChunkSize);
        var now = (clock ?? TimeProvider.System).GetUtcNow();
        var matrixId = now.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture) + "-" + Guid.NewGuid().ToString("N")[..8];
        return new MatrixPlan(new MatrixRun(matrixId, driverName, driverVersion, settings), read, skips, diff, chunks) { ExtraFlavours = flavours, Loss = loss };
    }

    private int AddKernelsJson(MatrixBuilder builder, IReadOnlyList<Architecture> architectures, string driverVersion)
    {
        if (!File.Exists(settings.KernelsFile))
        {
            if (!settings.UseKernelCrawler)
            {
                throw new FileNotFoundException($"The kernel list {settings.KernelsFile} does not exist; create it (docs/matrix.md), set --kernels-file, or use --use-kernel-crawler.", settings.KernelsFile);
            }

            log.Info($"No {settings.KernelsFile}; using kernel-crawler data only.");
            return 0;
        }

        var list = KernelListJson.Read(settings.KernelsFile);
        var errors = new List<FieldError>();
        var count = 0;
        foreach (var architecture in architectures)
        {
            var entries = list[architecture];
            for (var i = 0; i < entries.Count; i++)
            {
                count++;
                var result = entries[i].Validate(architecture, driverVersion);
                if (result.Target is null)
                {
                    errors.AddRange(result.Errors.Select(e => e with { Field = $"$.{architecture.KernelName()}[{i}] {e.Field}" }));
                }
                else
                {
                    builder.Add(new MatrixKernel(result.Target, entries[i].Headers, KernelSource.KernelsJson));
                }
            }
        }

        if (errors.Count > 0)
        {
            throw new KernelListFormatException(settings.KernelsFile, "$", "has kernels the registry refuses:" + Environment.NewLine
                + string.Join(Environment.NewLine, errors.Select(e => "  - " + e)));
        }

        return count;
    }

    private async Task<int> AddLivepatchAsync(MatrixBuilder builder, IReadOnlyList<Architecture> architectures, string driverVersion, SkipSummary skips, CancellationToken cancellationToken)
    {
        var source = livepatch ?? new LivepatchDiscovery(Http, log);
        var count = 0;
        foreach (var architecture in architectures)
        {
            var releases = await source.KernelReleasesAsync(settings.LivepatchRepo, architecture, cancellationToken).ConfigureAwait(false);
            count += releases.Count;
            var added = 0;
            foreach (var kernel in LivepatchPackages.ToKernels(releases, architecture, driverVersion, skips))
            {
                // Kernels the crawler already listed (with header URLs) keep their entry; this is not a skip.
                if (!builder.Contains(kernel.Key) && builder.Add(kernel))
                {
                    added++;
                }
            }

            log.Info($"Livepatch: {releases.Count} {architecture.KernelName()} kernels, {added} not already listed.");
        }

        return count;
    }

    private async Task<PreviousMatrix?> LoadPreviousAsync(string key, CancellationToken cancellationToken)
    {
        var temp = Path.Combine(Path.GetTempPath(), $"kmodforge-previous-{Guid.NewGuid():N}.json");
        try
        {
            if (!await store.GetAsync(key, temp, cancellationToken).ConfigureAwait(false))
            {
                log.Info($"No previous matrix at {key} in {store.Description}: every kernel is new.");
                return null;
            }

            using var stream = File.OpenRead(temp);
            return PreviousMatrix.Read(stream, $"{store.Description} {key}");
        }
        finally
        {
            File.Delete(temp);
        }
    }

    /// <summary>The outputs for a calling workflow: small (a few hundred bytes plus one store key per chunk).</summary>
    public static IReadOnlyList<(string Name, string Value)> Outputs(MatrixPlan plan, IReadOnlyList<ChunkDispatch> chunks)
    {
        var c = CultureInfo.InvariantCulture;
        return
        [
            ("matrix_id", plan.Run.MatrixId),
            ("builds", plan.Diff.Builds.Count.ToString(c)),
            ("chunks", plan.Chunks.Count.ToString(c)),
            ("skipped", plan.Skips.Total.ToString(c)),
            ("dry_run", plan.Run.Settings.DryRun ? "true" : "false"),
            ("chunk_keys", System.Text.Json.JsonSerializer.Serialize(chunks.Select(x => x.StoreKey))),
        ];
    }
}
