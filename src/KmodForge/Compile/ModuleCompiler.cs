using KmodForge.Containers;
using KmodForge.Diagnostics;
using KmodForge.Naming;
using KmodForge.Targets;

namespace KmodForge.Compile;

/// <summary>A module build failed; the message carries the make command and the tail of its output.</summary>
public sealed class ModuleBuildException(string message) : Exception(message);

/// <summary>
/// Compiles the module source with <c>make</c> inside the per-kernel image (the target distro's own compiler, for
/// the target's architecture, natively or under emulation), with no network, and collects every <c>.ko</c>.
/// </summary>
public sealed class ModuleCompiler(IContainerEngine engine, IBuildLog log)
{
    /// <summary>Where the source is mounted in the container.</summary>
    public const string ContainerSourceDirectory = "/build/src";

    /// <summary>
    /// The make command: kbuild's out-of-tree module build against the kernel's build tree. The driver version is
    /// passed as <c>KMODFORGE_DRIVER_VERSION</c> for modules that embed it (MODULE_VERSION).
    /// </summary>
    public static IReadOnlyList<string> MakeCommand(BuildTarget target, int jobs) =>
    [
        "make", $"-j{Math.Max(1, jobs)}",
        "-C", target.Distribution.KernelBuildDirectory(target.KernelRelease),
        $"M={ContainerSourceDirectory}",
        $"KMODFORGE_DRIVER_VERSION={PackageNaming.PackageVersion(target.DriverVersion)}",
        "modules",
    ];

    /// <summary>Copies the source into <paramref name="workDirectory"/>/src, builds it, returns the .ko paths (sorted).</summary>
    public async Task<IReadOnlyList<string>> CompileAsync(BuildTarget target, string image, string sourceDirectory, string workDirectory, TimeSpan timeout, CancellationToken cancellationToken)
    {
        if (!File.Exists(Path.Combine(sourceDirectory, "Kbuild")) && !File.Exists(Path.Combine(sourceDirectory, "Makefile")))
        {
            throw new ModuleBuildException($"module source '{sourceDirectory}' has no Kbuild or Makefile; set --module-source to a kernel module's directory");
        }

        var source = Path.Combine(workDirectory, "src");
        if (Directory.Exists(source))
        {
            Directory.Delete(source, recursive: true);
        }

        CopySource(sourceDirectory, source);
        var command = MakeCommand(target, Environment.ProcessorCount);
        log.Info($"compile: {string.Join(' ', command)} in {image}");
        var result = await engine.RunAsync(new ContainerRunRequest(image, command)
        {
            Mounts = [new Mount(source, ContainerSourceDirectory)],
            WorkingDirectory = ContainerSourceDirectory,
            Platform = target.Architecture.OciPlatform(),
            Network = "none",
            Timeout = timeout,
        }, cancellationToken).ConfigureAwait(false);

        if (result.ExitCode != 0)
        {
            throw new ModuleBuildException(
                $"make failed with exit code {result.ExitCode} for kernel {target.KernelRelease} in {image}: {string.Join(' ', command)}"
                + Environment.NewLine + Tail(result.StandardError.Length > 0 ? result.StandardError : result.StandardOutput, 30));
        }

        var modules = Directory.EnumerateFiles(source, "*.ko", SearchOption.AllDirectories).Order(StringComparer.Ordinal).ToList();
        if (modules.Count == 0)
        {
            throw new ModuleBuildException($"make succeeded but produced no .ko files in {sourceDirectory}; check the Kbuild file's obj-m");
        }

        return modules;
    }

    /// <summary>Copies a module source tree, leaving out build products and VCS folders.</summary>
    internal static void CopySource(string from, string to)
    {
        Directory.CreateDirectory(to);
        foreach (var entry in Directory.EnumerateFileSystemEntries(from))
        {
            var name = Path.GetFileName(entry);
            if (name is ".git" or ".tmp_versions" || IsBuildProduct(name))
            {
                continue;
            }

            var target = Path.Combine(to, name);
            if (Directory.Exists(entry))
            {
                CopySource(entry, target);
            }
            else if (File.Exists(entry))
            {
                File.Copy(entry, target);
            }
        }
    }

    private static bool IsBuildProduct(string name) =>
        name.EndsWith(".o", StringComparison.Ordinal) || name.EndsWith(".ko", StringComparison.Ordinal)
        || name.EndsWith(".mod", StringComparison.Ordinal) || name.EndsWith(".mod.c", StringComparison.Ordinal)
        || name.EndsWith(".cmd", StringComparison.Ordinal) || name is "Module.symvers" or "modules.order";

    private static string Tail(string text, int lines)
    {
        var all = text.Split('\n');
        return string.Join('\n', all.Skip(Math.Max(0, all.Length - lines)));
    }
}
