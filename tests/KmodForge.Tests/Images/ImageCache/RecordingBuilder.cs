using KmodForge.Containers;
using KmodForge.Images;
using KmodForge.Targets;

namespace KmodForge.Tests.Images.ImageCache;

/// <summary>An inner provider that builds through the engine like BaseImageBuilder (present tag → Local), counting builds.</summary>
public sealed class RecordingBuilder(IContainerEngine engine) : IBaseImageProvider
{
    public int Builds { get; private set; }

    public Func<Distribution, Exception?> Fail { get; set; } = _ => null;

    public async Task<BaseImageResult> EnsureAsync(Distribution distribution, DistroVersion version, Architecture architecture, CancellationToken cancellationToken)
    {
        var tag = distribution.BaseImageTag(version, architecture);
        if (await engine.ImageExistsAsync(tag, cancellationToken))
        {
            return new BaseImageResult(tag, BaseImageSource.Local, [$"{tag} is present"]);
        }

        if (Fail(distribution) is { } e)
        {
            throw e;
        }

        Builds++;
        await engine.BuildAsync(new ImageBuildRequest("Dockerfile", ".", tag), cancellationToken);
        return new BaseImageResult(tag, BaseImageSource.Built, [$"built {tag}"]);
    }
}
