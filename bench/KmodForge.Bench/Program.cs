// Benchmarks print figures (no timed assertions): dotnet run --project bench/KmodForge.Bench -c Release -- <name>
using KmodForge.Bench;

var name = args.Length > 0 ? args[0] : string.Empty;
return name switch
{
    "matrix" => MatrixBenchmark.Run(),
    "matrix-run" when args.Length == 2 => MatrixBenchmark.RunMeasured(args[1]),
    _ => Usage(),
};

static int Usage()
{
    Console.Error.WriteLine("usage: dotnet run --project bench/KmodForge.Bench -c Release -- <benchmark>");
    Console.Error.WriteLine("benchmarks: matrix");
    return 2;
}
