using System.Text;
using KmodForge.IO;

namespace KmodForge.Coverage;

/// <summary>
/// Writes the report site into a directory: <c>index.html</c>, <c>report.css</c> and <c>report.js</c> (plain files,
/// no build step, no CDN), <c>coverage.json</c> (the data) and <c>coverage.js</c> (the same data as a script, so the
/// page also works opened from disk, where browsers refuse to fetch files). Each file is written atomically.
/// </summary>
public static class CoverageSite
{
    public static readonly IReadOnlyList<string> StaticFiles = ["index.html", "report.css", "report.js"];

    public static IReadOnlyList<string> Write(CoverageReport report, string directory)
    {
        Directory.CreateDirectory(directory);
        var json = CoverageJson.ToBytes(report);
        var written = new List<string>();
        foreach (var name in StaticFiles)
        {
            AtomicFile.WriteAllBytes(Path.Combine(directory, name), Resource(name));
            written.Add(name);
        }

        AtomicFile.WriteAllBytes(Path.Combine(directory, "coverage.json"), json);
        // The JSON writer's default encoder escapes '<', '>' and '&', so the data cannot end the script element early.
        var script = Encoding.UTF8.GetBytes("window.KMODFORGE_COVERAGE = ").Concat(json).Concat(";\n"u8.ToArray()).ToArray();
        AtomicFile.WriteAllBytes(Path.Combine(directory, "coverage.js"), script);
        written.AddRange(["coverage.json", "coverage.js"]);
        return written;
    }

    private static byte[] Resource(string name)
    {
        using var stream = typeof(CoverageSite).Assembly.GetManifestResourceStream("KmodForge.Coverage.Site." + name)
            ?? throw new InvalidOperationException($"the report's {name} is not embedded in the KmodForge assembly");
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }
}
