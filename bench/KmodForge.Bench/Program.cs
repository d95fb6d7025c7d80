// Benchmarks print figures; see docs/benchmarks.md.
// Usage: dotnet run --project bench/KmodForge.Bench -c Release -- <name> [--option=value ...]
var name = args.FirstOrDefault();
var rest = args.Skip(1).ToArray();
switch (name)
{
    case "imagecache":
        return await KmodForge.Bench.ImageCache.ImageCacheBenchmark.RunAsync(rest);
    default:
        Console.Error.WriteLine($"unknown benchmark '{name}'; available: imagecache");
        return 2;
}
