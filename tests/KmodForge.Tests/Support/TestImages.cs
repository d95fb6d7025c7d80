using KmodForge.Containers;
using KmodForge.Diagnostics;
using KmodForge.Images;
using KmodForge.Targets;

namespace KmodForge.Tests.Support;

/// <summary>
/// Test images derived from the offline-bootstrapped Debian 12 amd64 base image (the only base image that can be made
/// without a registry): built once per machine under a fixed tag, reused by later runs.
/// </summary>
internal static class TestImages
{
    /// <summary>The engine, with <paramref name="tag"/> built <c>FROM</c> the Debian 12 base image plus <paramref name="run"/> when missing.</summary>
    public static async Task<CliContainerEngine> EnsureDerivedFromDebian12Async(string tag, string run, IBuildLog log)
    {
        var engine = ContainerEngineFactory.Create(new ContainerSettings(), log);
        if (await engine.ImageExistsAsync(tag, CancellationToken.None))
        {
            return engine;
        }

        var baseImages = BaseImageBuilder.Create(engine, new BaseImageSettings(), RepoPaths.Root, log);
        var debian = await baseImages.EnsureAsync(DistroRegistry.Debian, DistroRegistry.Debian.GetVersion("12"), Architecture.X86_64, CancellationToken.None);
        using var context = new TempDirectory();
        var dockerfile = context.Combine("Dockerfile");
        File.WriteAllText(dockerfile, $"FROM {debian.Tag}\nRUN {run}\n");
        await engine.BuildAsync(new ImageBuildRequest(dockerfile, context.Path, tag) { Platform = "linux/amd64" }, CancellationToken.None);
        return engine;
    }
}
