using KmodForge.Configuration;
using KmodForge.Diagnostics;
using KmodForge.Modules;
using KmodForge.Pipeline;
using KmodForge.Targets;
using KmodForge.Tests.Support;
using Xunit.Abstractions;

namespace KmodForge.Tests.Pipeline;

/// <summary>
/// What the real end-to-end driver builds share: settings from build arguments (with the test's own release and work
/// folders and the sample module), the services and pipeline the Cake tasks use, and reading back the published .deb.
/// </summary>
internal sealed class DriverBuildHarness(ITestOutputHelper output) : IDisposable
{
    public TempDirectory Temp { get; } = new();

    public StringWriter LogText { get; } = new();

    public (DriverBuildPipeline Pipeline, DriverBuildServices Services, ISettingsProvider Settings) Create(params string[] arguments)
    {
        var settings = ArgumentSettingsProvider.FromArgs(
        [
            .. arguments, $"--release-dir={Temp.Combine("releases")}", $"--work-dir={Temp.Combine("work")}", $"--module-source={RepoPaths.Sample}",
        ]);
        var log = BuildLogFactory.Create(new BuildLogOptions { Verbosity = LogVerbosity.Normal }, _ => null, LogText);
        var services = DriverBuildFactory.CreateServices(settings, log, RepoPaths.Root);
        return (new DriverBuildPipeline(DriverBuildFactory.CreateOptions(settings, RepoPaths.Root), services), services, settings);
    }

    /// <summary>Resolves the target of the arguments (asking the distro for <c>latest</c>) and builds it.</summary>
    public async Task<(BuildTarget Target, DriverBuild Build, DriverBuildServices Services)> BuildAsync(params string[] arguments)
    {
        var (pipeline, services, settings) = Create(arguments);
        var target = await DriverBuildFactory.ResolveTargetAsync(settings.Get<DriverBuildSettings>(), services, CancellationToken.None);
        return (target, await pipeline.RunAsync(target, CancellationToken.None), services);
    }

    /// <summary>Extracts a published .deb with dpkg-deb and reads its module from <c>extra/</c>.</summary>
    public (ModuleInfo Module, string Path) ReadPublishedModule(string deb, string kernelRelease, string moduleFile = "kfsample.ko")
    {
        var extracted = Temp.Combine("x-" + System.IO.Path.GetFileNameWithoutExtension(deb));
        ProcessRunner.Run("dpkg-deb", "-x", deb, extracted).EnsureSuccess("dpkg-deb -x");
        var path = System.IO.Path.Combine(extracted, "lib", "modules", kernelRelease, "extra", moduleFile);
        return (ModuleReader.Read(path), path);
    }

    /// <summary>The compiler that built an object file, from its ELF <c>.comment</c> section ("GCC: (Debian 12.2.0-14) 12.2.0").</summary>
    public static string Compiler(string objectFile) =>
        ProcessRunner.Run("readelf", "-p", ".comment", objectFile).EnsureSuccess("readelf -p .comment").Output;

    public void Dispose()
    {
        output.WriteLine(LogText.ToString());
        Temp.Dispose();
    }
}
