using System.Diagnostics;
using System.Globalization;
using KmodForge.Packaging;
using KmodForge.Targets;

namespace KmodForge.Bench;

/// <summary>
/// Time to write a .deb of one module (PackageSpecFactory + DebPackageWriter, gzip at smallest size), for module
/// sizes from a small driver to a large one. Args: optional path to a real .ko; otherwise random bytes of each size.
/// </summary>
public static class DebWriteBenchmark
{
    public static int Run(string[] args)
    {
        var dir = Directory.CreateTempSubdirectory("kmodforge-bench-deb-").FullName;
        try
        {
            var target = BuildTarget.Create("debian", "12", "6.1.0-28-amd64", "amd64", "v1.0.0");
            var inputs = args.Length > 0
                ? [args[0]]
                : new[] { 300 * 1024, 4 * 1024 * 1024, 32 * 1024 * 1024 }.Select(size => RandomModule(dir, size)).ToList();
            Console.WriteLine("module bytes | deb bytes | median ms | min ms (of 7 writes)");
            foreach (var ko in inputs)
            {
                var spec = PackageSpecFactory.ForModules("kfs", target, [ko], new PackageMetadataSettings(), 1_700_000_000);
                var output = Path.Combine(dir, "out.deb");
                var writer = new DebPackageWriter();
                writer.Write(spec, output); // warm-up
                var times = new List<double>();
                for (var i = 0; i < 7; i++)
                {
                    var sw = Stopwatch.StartNew();
                    writer.Write(spec, output);
                    times.Add(sw.Elapsed.TotalMilliseconds);
                }

                times.Sort();
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"{new FileInfo(ko).Length,12} | {new FileInfo(output).Length,9} | {times[3],9:F1} | {times[0],6:F1}"));
            }

            return 0;
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    private static string RandomModule(string dir, int size)
    {
        // Half random, half zeros: roughly how compressible a real module is.
        var bytes = new byte[size];
        new Random(1).NextBytes(bytes.AsSpan(0, size / 2));
        var path = Path.Combine(dir, $"m{size}.ko");
        File.WriteAllBytes(path, bytes);
        return path;
    }
}
