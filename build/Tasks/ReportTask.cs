using Cake.Frosting;
using KmodForge.Coverage;
using KmodForge.Kernels;
using KmodForge.Matrix;
using KmodForge.Pipeline;

namespace KmodForge.Build.Tasks;

[TaskName("Report")]
[TaskDescription("Writes the coverage report (--report-dir): every kernel of --kernels-file × driver version as published, failed, not applicable or missing, from the release store and --matrix-results.")]
public sealed class ReportTask(BuildCancellation cancellation) : AsyncFrostingTask<BuildContext>
{
    public override async Task RunAsync(BuildContext context)
    {
        var settings = context.Settings<CoverageSettings>();
        var build = context.Settings<DriverBuildSettings>();
        var versions = settings.VersionsOr(build.DriverVersion);
        var root = context.Environment.WorkingDirectory.FullPath;
        var kernels = KernelListJson.Read(Path.GetFullPath(context.Settings<MatrixSettings>().KernelsFile, root));
        var results = settings.MatrixResults is { } path ? MatrixResults.ReadFileOrDirectory(Path.GetFullPath(path, root)) : MatrixResults.Empty;
        var store = DriverBuildFactory.CreateStore(context, root, context.Log);
        context.Log.Info($"Report: {kernels.Count} kernels × {versions.Count} driver versions, looked up in {store.Description}");
        var report = await new CoverageBuilder(store, build.DriverName, build.ReleaseTagTemplate)
            .BuildAsync(kernels, versions, results, DateTimeOffset.UtcNow, cancellation.Token);
        var directory = Path.GetFullPath(settings.ReportDirectory, root);
        CoverageSite.Write(report, directory);
        foreach (var (distribution, counts) in report.Counts())
        {
            context.Log.Info($"  {distribution}: {string.Join(", ", counts.Select(c => $"{c.Key.JsonName()} {c.Value}"))}");
        }

        context.Log.Info($"Report written to {Path.Combine(directory, "index.html")}");
        (store as IDisposable)?.Dispose();
    }
}
