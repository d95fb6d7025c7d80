// Benchmarks print figures; see docs/benchmarks.md.
// Usage: dotnet run --project bench/KmodForge.Bench -c Release -- <name> [--option=value ...]
var name = args.FirstOrDefault();
var rest = args.Skip(1).ToArray();
switch (name)
{
    case "service":
        return await KmodForge.Bench.Service.ServiceBenchmark.RunAsync(rest);
    default:
        Console.Error.WriteLine($"unknown benchmark '{name}'; available: service");
        return 2;
}
