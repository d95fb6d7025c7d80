using KmodForge.Targets;

namespace KmodForge.Images.ImageCache;

/// <summary>
/// The content key of one base image: a hash of everything that decides what the image contains (the Dockerfile's
/// bytes, its build arguments and platform, every file it copies, and <see cref="FormatVersion"/>). Same key, same
/// image: a changed Dockerfile gives a new key, so stale tarballs and local images are noticed and never reused.
/// </summary>
/// <param name="Hash">The first 16 hex digits of the SHA-256 of <paramref name="Manifest"/>.</param>
/// <param name="Manifest">The canonical text that was hashed (one input per line), for logs and debugging.</param>
public sealed record BaseImageKey(Distribution Distribution, DistroVersion Version, Architecture Architecture, string Hash, string Manifest)
{
    /// <summary>Bump when the tarball layout or the key's inputs change, so every key changes with it.</summary>
    public const int FormatVersion = 1;

    /// <summary>The local tag every job uses: <c>kmodforge/base-debian:12-amd64</c>.</summary>
    public string Tag => Distribution.BaseImageTag(Version, Architecture);

    /// <summary>The same image tagged with its key, <c>kmodforge/base-debian:12-amd64-0123456789abcdef</c>: present only when built from this key.</summary>
    public string KeyedTag => $"{Tag}-{Hash}";

    /// <summary><c>debian 12 amd64</c>.</summary>
    public string Name => $"{Distribution.Id} {Version.Id} {Architecture.DebianName()}";

    /// <summary>The blob store key of the tarball: <c>base-images/v1/debian/12/amd64/&lt;hash&gt;.tar.zst</c>.</summary>
    public string ObjectKey(ImageCompression compression) =>
        $"base-images/v{FormatVersion}/{Distribution.Id}/{Version.Id}/{Architecture.DebianName()}/{Hash}{compression.Extension()}";

    /// <summary>The blob store key of the tarball's checksum (written after the tarball: its presence means the tarball is whole).</summary>
    public string ChecksumKey(ImageCompression compression) => ObjectKey(compression) + ".sha256";

    /// <summary>The local file name of the tarball in the cache folder.</summary>
    public string FileName(ImageCompression compression) =>
        $"base-{Distribution.Id}-{Version.Id}-{Architecture.DebianName()}-{Hash}{compression.Extension()}";

    /// <summary>The image in a registry: <c>ghcr.io/acme/kmodforge-base-debian:12-amd64-&lt;hash&gt;</c>.</summary>
    public string RegistryReference(string registry) =>
        $"{registry.TrimEnd('/')}/kmodforge-base-{Distribution.Id}:{Version.Id}-{Architecture.DebianName()}-{Hash}";

    public override string ToString() => $"{Name} {Hash}";
}
