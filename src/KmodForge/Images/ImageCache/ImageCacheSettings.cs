using System.Text.RegularExpressions;
using KmodForge.Configuration;
using KmodForge.Errors;
using KmodForge.IO;
using KmodForge.Targets;

namespace KmodForge.Images.ImageCache;

/// <summary>How base images are cached: where tarballs are kept locally, how they are compressed, whether a job uploads what it builds, and an optional registry.</summary>
public sealed partial class ImageCacheSettings
{
    [Setting("image-cache-dir", "Folder for downloaded and saved base image tarballs; default <cache-dir>/images (~/.cache/kmodforge/images).")]
    public string? Directory { get; init; }

    [Setting("image-cache-compression", "Compression of base image tarballs in the store: gzip (restores fastest here), zstd (smallest) or none.")]
    public ImageCompression Compression { get; init; } = ImageCompression.Gzip;

    [Setting("image-cache-upload", "Upload a base image this job had to build (the BaseImages task does; build jobs normally do not).")]
    public bool Upload { get; init; }

    [Setting("image-build", "Build a base image that no other source serves. Matrix build jobs turn it off: their run's prepare job hands them the images, so a job that would build one fails instead of building it in every job.")]
    public bool Build { get; init; } = true;

    [Setting("image-registry", "A container registry namespace holding base images, e.g. ghcr.io/acme; empty for none.")]
    public string? Registry { get; init; }

    [Setting("image-registry-push", "Push base images the BaseImages task builds to --image-registry.")]
    public bool RegistryPush { get; init; }

    [Setting("images", "Base images for the BaseImages task: distro:version[:arch], comma-separated (e.g. debian:12,ubuntu:24.04:aarch64); empty for all.")]
    public IReadOnlyList<string> Images { get; init; } = [];

    [Setting("image-architectures", "Architectures the BaseImages task builds when an --images entry names none.")]
    public IReadOnlyList<string> Architectures { get; init; } = ["x86_64", "aarch64"];

    public string ResolvedDirectory => Path.GetFullPath(Directory ?? Path.Combine(CacheDirectory.Default(), "images"));

    public IReadOnlyList<FieldError> Problems()
    {
        var errors = new List<FieldError>();
        if (!string.IsNullOrEmpty(Registry) && !RegistryShape().IsMatch(Registry))
        {
            errors.Add(new("image-registry", Registry, "is not a registry namespace: host[:port]/path in lowercase letters, digits and . _ - (e.g. ghcr.io/acme)"));
        }

        if (RegistryPush && string.IsNullOrEmpty(Registry))
        {
            errors.Add(new("image-registry-push", "true", "needs --image-registry"));
        }

        errors.AddRange(Architectures.Where(a => !ArchitectureNames.TryParse(a, out _))
            .Select(a => new FieldError("image-architectures", a, "is not an architecture; accepted: x86_64, aarch64 (or amd64, arm64)")));
        return errors;
    }

    public ImageCacheSettings Validated()
    {
        var problems = Problems();
        return problems.Count == 0 ? this : throw new SettingsException(problems.Select(p => "--" + p).ToList());
    }

    [GeneratedRegex(@"^[a-z0-9.-]+(?::[0-9]{1,5})?(?:/[a-z0-9._-]+)+$", RegexOptions.CultureInvariant)]
    private static partial Regex RegistryShape();
}
