using KmodForge.Containers;
using KmodForge.Diagnostics;
using KmodForge.Errors;
using KmodForge.Headers;
using KmodForge.Naming;
using KmodForge.Targets;

namespace KmodForge.Compile;

/// <summary>What a compile produced: the .ko paths (sorted) and the compiler the compile script chose (null if it said nothing).</summary>
public sealed record CompileResult(IReadOnlyList<string> Modules, string? Compiler)
{
    /// <summary>Where each module is installed when the source says so (a dkms.conf); null: every module under extra/ by its own name.</summary>
    public IReadOnlyList<Packaging.ModuleInstall>? Installs { get; init; }
}

/// <summary>A module build failed; the message carries the make command and the tail of its output.</summary>
public sealed class ModuleBuildException(string message) : KmodForgeException(message);

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
    /// <param name="sourceDirectory">The module's directory in the container (<see cref="ContainerSourceDirectory"/> unless a copy is built).</param>
    public static IReadOnlyList<string> MakeCommand(BuildTarget target, int jobs, string sourceDirectory = ContainerSourceDirectory) =>
    [
        "make", $"-j{Math.Max(1, jobs)}",
        "-C", target.Distribution.KernelBuildDirectory(target.KernelRelease),
        $"M={sourceDirectory}",
        $"KMODFORGE_DRIVER_VERSION={PackageNaming.PackageVersion(target.DriverVersion)}",
        "modules",
    ];

    /// <summary>The line the compile script prints to say which compiler it chose.</summary>
    public const string CompilerMarker = "kmodforge-compiler: ";

    /// <summary>How the compile script marks the kernel's own compiler (anything else is the default gcc, and why).</summary>
    public const string KernelsOwn = "(the kernel's own)";

    /// <summary>
    /// The compile script: <see cref="MakeCommand"/> with <c>CC</c> set to the kernel's own compiler, as its build tree's
    /// <c>.config</c> names it (<c>CONFIG_CC_VERSION_TEXT="x86_64-linux-gnu-gcc-14 (Debian 14.2.0-19) 14.2.0"</c>, Linux
    /// 5.8 on) when that command is installed (Ubuntu HWE and AL2023 kernel lines are built by a newer gcc than the
    /// distro's default <c>gcc</c>, and their headers pull it in). Otherwise the default <c>gcc</c>, and it says why.
    /// The name read from .config is used only if it is a plain command name. Where the layer has a
    /// <see cref="CompilerProbeCache"/>, the compiler runs through it (kbuild's probes answered from the cache).
    /// </summary>
    public static string CompileScript(BuildTarget target, int jobs, string probeCache = CompilerProbeCache.Directory)
    {
        var make = string.Join(' ', MakeCommand(target, jobs).Select(a => $"'{a}'"));
        return $$"""
            {{CompilerProbeCache.Setup(probeCache)}}
            {{ChooseCompiler(target)}}
            if [ -n "$cc" ]; then
              echo "{{CompilerMarker}}$cc {{KernelsOwn}}"
              exec {{make}} CC="${probes:+$probes }$cc"
            fi
            echo "{{CompilerMarker}}gcc (the kernel's ${named:-compiler, not named in .config,} is not installed)"
            [ -z "$probes" ] || exec {{make}} CC="$probes gcc"
            exec {{make}}
            """;
    }

    /// <summary>
    /// Shell that sets <c>$cc</c> to the kernel's own compiler when its build tree's .config names a plain command that
    /// is installed, else empty (the default <c>gcc</c>); <c>$named</c> is the name .config gave.
    /// </summary>
    private static string ChooseCompiler(BuildTarget target)
    {
        var config = target.Distribution.KernelBuildDirectory(target.KernelRelease) + "/.config";
        return $$"""
            named=$(sed -n 's/^CONFIG_CC_VERSION_TEXT="\([^ "]*\).*/\1/p' '{{config}}' 2>/dev/null)
            case "$named" in ''|*[!A-Za-z0-9._+-]*) named= ;; esac
            cc=
            if [ -n "$named" ] && command -v "$named" >/dev/null 2>&1; then cc=$named; fi
            """;
    }

    /// <summary>
    /// The script that fills the layer's <see cref="CompilerProbeCache"/> after a cold build, off the way to the
    /// package: it creates the cache, copies the compiled source (so nothing the build packaged is touched) and runs
    /// <c>make -n</c> in the copy with the compiler through the cache. <c>make -n</c> evaluates kbuild's Makefiles,
    /// and with them every probe a real compile runs (the same answers, checked by comparing both caches), but builds
    /// nothing. The copy is removed, the cache's index is written (<see cref="CompilerProbeCache.IndexScript"/>), and
    /// the script prints how many answers the cache holds.
    /// </summary>
    public static string ProbeFillScript(BuildTarget target, int jobs, string probeCache = CompilerProbeCache.Directory)
    {
        const string copy = "/tmp/kmodforge-probe-fill";
        var make = string.Join(' ', MakeCommand(target, jobs, copy).Select(a => $"'{a}'"));
        return $$"""
            mkdir -p '{{probeCache}}' || exit 1
            {{CompilerProbeCache.Setup(probeCache)}}
            [ -n "$probes" ] || exit 1
            rm -rf '{{copy}}' && cp -a '{{ContainerSourceDirectory}}' '{{copy}}' || exit 1
            {{ChooseCompiler(target)}}
            (cd '{{copy}}' && {{make}} -n CC="$probes ${cc:-gcc}" >/dev/null 2>&1)
            rc=$?
            rm -rf '{{copy}}'
            (dir='{{probeCache}}'
            {{CompilerProbeCache.IndexScript}}
            ) || echo "kmodforge-probes: the index was not written; the answers are looked up one by one"
            set -- '{{probeCache}}'/*.key
            [ -e "$1" ] || set --
            echo "{{ProbeFillMarker}}$# (make -n exit code $rc)"
            """;
    }

    /// <summary>The line <see cref="ProbeFillScript"/> ends with: how many answers the cache holds.</summary>
    public const string ProbeFillMarker = "kmodforge-probes: ";

    /// <summary>The compiler line of the compile script's output, or null.</summary>
    public static string? ChosenCompiler(string output) =>
        output.Split('\n').FirstOrDefault(l => l.StartsWith(CompilerMarker, StringComparison.Ordinal))?[CompilerMarker.Length..].Trim();

    /// <summary>Copies the source into <paramref name="workDirectory"/>/src, builds it, returns the .ko paths (sorted) and the compiler.</summary>
    public async Task<CompileResult> CompileAsync(BuildTarget target, string image, string sourceDirectory, string workDirectory, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var dkms = Dkms.DkmsPackageDefaults.HasDkmsConf(sourceDirectory);
        if (!dkms && !File.Exists(Path.Combine(sourceDirectory, "Kbuild")) && !File.Exists(Path.Combine(sourceDirectory, "Makefile")))
        {
            throw new ModuleBuildException($"module source '{sourceDirectory}' has no Kbuild or Makefile; set --module-source to a kernel module's directory");
        }

        // Emptied, not deleted: the directory may be mounted in the build's session container already.
        var source = Directory.CreateDirectory(Path.Combine(workDirectory, "src")).FullName;
        foreach (var entry in new DirectoryInfo(source).EnumerateFileSystemInfos())
        {
            if (entry is DirectoryInfo directory)
            {
                directory.Delete(recursive: true);
            }
            else
            {
                entry.Delete();
            }
        }

        CopySource(sourceDirectory, source);
        if (dkms)
        {
            var dkmsCompiler = new DkmsCompiler(engine, log);
            var conf = await dkmsCompiler.EvaluateAsync(target, image, source, timeout, cancellationToken).ConfigureAwait(false);
            log.Info($"compile (dkms.conf): {conf.MakeCommand} in {image}");
            var built = await dkmsCompiler.BuildAsync(target, image, conf, source, timeout, cancellationToken).ConfigureAwait(false);
            LogCompiler(built.Compiler, target);
            return built;
        }

        var command = MakeCommand(target, Environment.ProcessorCount);
        log.Info($"compile: {string.Join(' ', command)} CC=<the kernel's own compiler> in {image}");
        var result = await engine.RunAsync(new ContainerRunRequest(image, ["sh", "-c", CompileScript(target, Environment.ProcessorCount)])
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

        var chosen = ChosenCompiler(result.StandardOutput);
        LogCompiler(chosen, target);
        var modules = Directory.EnumerateFiles(source, "*.ko", SearchOption.AllDirectories).Order(StringComparer.Ordinal).ToList();
        if (modules.Count == 0)
        {
            throw new ModuleBuildException($"make succeeded but produced no .ko files in {sourceDirectory}; check the Kbuild file's obj-m");
        }

        return new CompileResult(modules, chosen);
    }

    private void LogCompiler(string? chosen, BuildTarget target)
    {
        switch (chosen)
        {
            case { } own when own.EndsWith(KernelsOwn, StringComparison.Ordinal):
                log.Info($"compiler: {own}");
                break;
            case { } fallback:
                log.Warning($"compiler: {fallback}; the module may not match kernel {target.KernelRelease}");
                break;
        }
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

    internal static string Tail(string text, int lines)
    {
        var all = text.Split('\n');
        return string.Join('\n', all.Skip(Math.Max(0, all.Length - lines)));
    }
}
