using KmodForge.Targets;

namespace KmodForge.Images;

/// <summary>Where a base image came from, for the log and the summary.</summary>
public enum BaseImageSource
{
    /// <summary>Already present in the local engine.</summary>
    Local,
    /// <summary>Restored from the image cache (a tarball in the blob store).</summary>
    Cache,
    /// <summary>Pulled from a container registry.</summary>
    Registry,
    /// <summary>Built from its Dockerfile (bootstrapping the FROM image offline where needed).</summary>
    Built,
}

/// <summary>The base image a build will use.</summary>
/// <param name="Tag">The local image tag, e.g. <c>kmodforge/base-debian:12-amd64</c>.</param>
/// <param name="Source">How it got there.</param>
/// <param name="Notes">Why earlier sources did not serve (e.g. "cache: S3 unreachable"), in order.</param>
public sealed record BaseImageResult(string Tag, BaseImageSource Source, IReadOnlyList<string> Notes)
{
    /// <summary>The image's ID when finding it told it (a local image), else null: the header layer, keyed by it, then need not ask again.</summary>
    public string? Id { get; init; }
}

/// <summary>Makes sure the base image for a distro version and architecture is present in the local engine.</summary>
public interface IBaseImageProvider
{
    Task<BaseImageResult> EnsureAsync(Distribution distribution, DistroVersion version, Architecture architecture, CancellationToken cancellationToken);
}
