// Benchmarks print figures; see docs/benchmarks.md. Run one by name:
//   dotnet run --project bench/KmodForge.Bench -c Release -- <name> [args]
using KmodForge.Bench;

var benchmarks = new Dictionary<string, Func<string[], int>>(StringComparer.Ordinal)
{
    ["deb-write"] = DebWriteBenchmark.Run,
};

if (args.Length == 0 || !benchmarks.TryGetValue(args[0], out var run))
{
    Console.Error.WriteLine($"usage: KmodForge.Bench <name> [args]; names: {string.Join(", ", benchmarks.Keys.Order(StringComparer.Ordinal))}");
    return 2;
}

return run(args[1..]);
