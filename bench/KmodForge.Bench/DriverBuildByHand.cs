using System.Diagnostics;
using KmodForge.Compile;
using KmodForge.Containers;
using KmodForge.Headers;
using KmodForge.Targets;

namespace KmodForge.Bench;

/// <summary>
/// The floor a cold build is measured against: the same steps typed by hand in one container of the base image
/// (<c>apt-get update</c>, <c>apt-get install linux-headers-&lt;release&gt;</c>, <c>make</c>), nothing kept afterwards.
/// </summary>
internal static class DriverBuildByHand
{
    public static async Task<TimeSpan> RunAsync(IContainerEngine engine, BuildTarget target, string baseImage, string moduleSource, string scratch, CancellationToken cancellationToken)
    {
        var source = Path.Combine(scratch, "by-hand-" + Guid.NewGuid().ToString("N")[..8]);
        CopyDirectory(moduleSource, source);
        var make = string.Join(' ', ModuleCompiler.MakeCommand(target, Environment.ProcessorCount).Select(a => $"'{a}'"));
        var script = "apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "
            + $"{AptHeaderSource.HeadersPackage(target)} >/dev/null && {make}";
        var watch = Stopwatch.StartNew();
        var result = await engine.RunAsync(new ContainerRunRequest(baseImage, ["sh", "-c", script])
        {
            Mounts = [new Mount(source, ModuleCompiler.ContainerSourceDirectory)],
            WorkingDirectory = ModuleCompiler.ContainerSourceDirectory,
            Platform = target.Architecture.OciPlatform(),
        }, cancellationToken);
        var elapsed = watch.Elapsed;
        if (result.ExitCode != 0 || !Directory.EnumerateFiles(source, "*.ko", SearchOption.AllDirectories).Any())
        {
            throw new InvalidOperationException($"the by-hand build failed (exit code {result.ExitCode}): {result.StandardError.Trim()}");
        }

        return elapsed;
    }

    private static void CopyDirectory(string from, string to)
    {
        Directory.CreateDirectory(to);
        foreach (var file in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(to, Path.GetRelativePath(from, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
    }
}
