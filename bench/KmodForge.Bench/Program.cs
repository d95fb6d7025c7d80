// Benchmarks print figures (no timed assertions); see docs/benchmarks.md.
// Usage: dotnet run --project bench/KmodForge.Bench -c Release -- <name> [--option=value ...]
using KmodForge.Bench;

var name = args.FirstOrDefault() ?? string.Empty;
var rest = args.Skip(1).ToArray();
return name switch
{
    "driver-build" => await DriverBuildBenchmark.RunAsync(rest),
    "driver-build-fresh" => await DriverBuildFresh.RunAsync(rest),
    "deb-write" => DebWriteBenchmark.Run(rest),
    "matrix" => MatrixBenchmark.Run(),
    "matrix-run" when rest.Length == 1 => MatrixBenchmark.RunMeasured(rest[0]),
    "matrix-data" when rest.Length == 1 => MatrixBenchmark.WriteInputs(rest[0]),
    "imagecache" => await KmodForge.Bench.ImageCache.ImageCacheBenchmark.RunAsync(rest),
    "service" => await KmodForge.Bench.Service.ServiceBenchmark.RunAsync(rest),
    "prerequisites" => PrerequisitesBenchmark.Run(rest),
    "loader" => await KmodForge.Bench.Loader.LoaderBenchmark.RunAsync(rest),
    "github-scale" => await KmodForge.Bench.GitHubScale.GitHubScaleBenchmark.RunAsync(rest),
    "cache-prune" => await KmodForge.Bench.Caching.CachePruneBenchmark.RunAsync(rest),
    _ => Usage(name),
};

static int Usage(string name)
{
    Console.Error.WriteLine($"unknown benchmark '{name}'; usage: dotnet run --project bench/KmodForge.Bench -c Release -- <benchmark>");
    Console.Error.WriteLine("benchmarks: driver-build, driver-build-fresh, deb-write, matrix, imagecache, service, loader, github-scale, cache-prune, prerequisites");
    return 2;
}
