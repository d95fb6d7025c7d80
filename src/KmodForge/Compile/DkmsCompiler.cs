using KmodForge.Containers;
using KmodForge.Diagnostics;
using KmodForge.Dkms;
using KmodForge.Errors;
using KmodForge.Packaging;
using KmodForge.Targets;

namespace KmodForge.Compile;

/// <summary>
/// Builds a module source that has a dkms.conf the way dkms does, in the per-kernel image with no network: first the
/// file is evaluated for the kernel (<see cref="DkmsConfScript"/>); a BUILD_EXCLUSIVE_* that excludes the kernel ends
/// the build with <see cref="NotApplicableException"/> before anything compiles; then <see cref="DkmsBuildScript"/> runs
/// PATCH, PRE_BUILD, MAKE, STRIP and POST_BUILD, and exactly the BUILT_MODULE_NAMEs are collected, each to be installed
/// as DEST_MODULE_NAME where dkms on the target distribution installs it.
/// </summary>
public sealed class DkmsCompiler(IContainerEngine engine, IBuildLog log)
{
    /// <summary>Evaluates the dkms.conf of <paramref name="source"/> (a copy: the file may write to it) for the target.</summary>
    public async Task<DkmsConf> EvaluateAsync(BuildTarget target, string image, string source, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var result = await engine.RunAsync(new ContainerRunRequest(image, ["bash", "-c", DkmsConfScript.Script])
        {
            Mounts = [new Mount(source, DkmsConfScript.SourceDirectory)],
            Environment = new Dictionary<string, string>
            {
                [DkmsConfScript.KernelVersionVariable] = target.KernelRelease,
                [DkmsConfScript.ArchVariable] = target.Architecture.KernelName(),
                [DkmsConfScript.KernelSourceVariable] = target.Distribution.KernelBuildDirectory(target.KernelRelease),
            },
            WorkingDirectory = DkmsConfScript.SourceDirectory,
            Platform = target.Architecture.OciPlatform(),
            Network = "none",
            Timeout = timeout,
        }, cancellationToken).ConfigureAwait(false);

        DkmsConf conf;
        try
        {
            conf = DkmsConf.Parse(result.StandardOutput);
        }
        catch (DkmsConfException e) when (result.ExitCode != 0 || result.StandardError.Length > 0)
        {
            throw new DkmsConfException($"{e.Message} (exit code {result.ExitCode}){Environment.NewLine}{ModuleCompiler.Tail(result.StandardError, 20)}");
        }

        log.Info($"dkms.conf for {target.KernelRelease}: {conf.PackageName} {conf.PackageVersion}, {conf.Modules.Count} module(s), make: {conf.MakeCommand}");
        if (conf.Exclusions.Count > 0)
        {
            throw new NotApplicableException($"{conf.PackageName} {conf.PackageVersion}'s dkms.conf excludes this kernel: {string.Join("; ", conf.Exclusions)}");
        }

        if (conf.Modules.Count == 0)
        {
            throw new DkmsConfException($"dkms.conf of {conf.PackageName} {conf.PackageVersion} lists no modules (BUILT_MODULE_NAME/DEST_MODULE_LOCATION): nothing to package");
        }

        return conf;
    }

    /// <summary>Builds the evaluated driver in <paramref name="source"/> and returns its modules and where each is installed.</summary>
    public async Task<CompileResult> BuildAsync(BuildTarget target, string image, DkmsConf conf, string source, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var jobs = Environment.ProcessorCount;
        var result = await engine.RunAsync(new ContainerRunRequest(image, ["bash", "-c", DkmsBuildScript.Script(ModuleCompiler.CompilerMarker, ModuleCompiler.KernelsOwn)])
        {
            Mounts = [new Mount(source, DkmsBuildScript.BuildDirectory(conf))],
            Environment = DkmsBuildScript.Environment(conf, target, jobs),
            WorkingDirectory = DkmsBuildScript.BuildDirectory(conf),
            Platform = target.Architecture.OciPlatform(),
            Network = "none",
            Timeout = timeout,
        }, cancellationToken).ConfigureAwait(false);

        var missing = result.StandardError.Split('\n').Where(l => l.StartsWith(DkmsBuildScript.MissingMarker, StringComparison.Ordinal))
            .Select(l => l[DkmsBuildScript.MissingMarker.Length..].Trim()).ToList();
        if (missing.Count > 0)
        {
            throw new ModuleBuildException(
                $"the dkms build of {conf.PackageName} {conf.PackageVersion} for kernel {target.KernelRelease} did not produce {string.Join(", ", missing)} "
                + "(BUILT_MODULE_NAME/BUILT_MODULE_LOCATION of dkms.conf); make's output:" + Environment.NewLine + ModuleCompiler.Tail(result.StandardOutput, 30));
        }

        if (result.ExitCode != 0)
        {
            throw new ModuleBuildException(
                $"the dkms build of {conf.PackageName} {conf.PackageVersion} failed with exit code {result.ExitCode} for kernel {target.KernelRelease} in {image}: {conf.MakeCommand}"
                + Environment.NewLine + ModuleCompiler.Tail(result.StandardError.Length > 0 ? result.StandardError : result.StandardOutput, 30));
        }

        var directory = target.Distribution.DkmsModuleDirectory;
        var installs = conf.Modules.Select(m => new ModuleInstall(
            Path.Combine(source, m.BuiltPath), directory ?? m.DestLocation.Trim('/'), m.DestName + ".ko")).ToList();
        foreach (var install in installs.Where(i => !File.Exists(i.SourcePath)))
        {
            throw new ModuleBuildException($"the dkms build did not produce {Path.GetRelativePath(source, install.SourcePath)} (BUILT_MODULE_NAME/BUILT_MODULE_LOCATION of dkms.conf)");
        }

        return new CompileResult([.. installs.Select(i => i.SourcePath)], ModuleCompiler.ChosenCompiler(result.StandardOutput)) { Installs = installs };
    }
}
