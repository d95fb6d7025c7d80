using KmodForge.Targets;

namespace KmodForge.Images;

/// <summary>
/// How one base image is built: <c>build --file Dockerfile --platform P --build-arg &lt;ID&gt;_VERSION=V
/// [--build-arg BASE_IMAGE=B] --tag T context</c>.
/// </summary>
public sealed record BaseImageBuildPlan(string Tag, string Dockerfile, string ContextDirectory, string Platform, string FromImage, string VersionArgument, string VersionValue)
{
    /// <summary>The build arguments, with <c>BASE_IMAGE</c> set when the FROM image is not the official one.</summary>
    public IReadOnlyDictionary<string, string> BuildArgs(string? baseImage)
    {
        var args = new Dictionary<string, string>(StringComparer.Ordinal) { [VersionArgument] = VersionValue };
        if (baseImage is not null)
        {
            args["BASE_IMAGE"] = baseImage;
        }

        return args;
    }

    /// <summary>
    /// The plan for a distribution version and architecture. <paramref name="repositoryRoot"/> holds <c>docker/</c>;
    /// the version argument is the distribution id upper-cased plus <c>_VERSION</c> (<c>DEBIAN_VERSION</c>).
    /// </summary>
    public static BaseImageBuildPlan For(Distribution distribution, DistroVersion version, Architecture architecture, string repositoryRoot)
    {
        var root = Path.GetFullPath(repositoryRoot);
        var dockerfile = Path.Combine(root, distribution.Dockerfile);
        return new BaseImageBuildPlan(
            distribution.BaseImageTag(version, architecture),
            dockerfile,
            Path.GetDirectoryName(dockerfile)!,
            architecture.OciPlatform(),
            version.FromImage,
            distribution.Id.ToUpperInvariant().Replace('-', '_') + "_VERSION",
            version.Id);
    }
}
