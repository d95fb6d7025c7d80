using KmodForge.Configuration;

namespace KmodForge.Images;

/// <summary>Where base images come from when they must be built, and how long each step may take.</summary>
public sealed class BaseImageSettings
{
    [Setting("debian-mirror", "Debian archive used to bootstrap a Debian root filesystem offline and for the backports suite in build containers")]
    public string DebianMirror { get; init; } = "http://deb.debian.org/debian";

    [Setting("debian-security-mirror", "Debian security archive written into bootstrapped apt sources")]
    public string DebianSecurityMirror { get; init; } = "http://deb.debian.org/debian-security";

    [Setting("cache-dir", "KmodForge's cache folder (bootstrapped root filesystems, locks); default $XDG_CACHE_HOME/kmodforge or ~/.cache/kmodforge")]
    public string? CacheDirectory { get; init; }

    [Setting("base-image-pull-timeout", "Seconds a pull of a base image's FROM image may take")]
    public TimeSpan PullTimeout { get; init; } = TimeSpan.FromMinutes(10);

    [Setting("base-image-build-timeout", "Seconds a base image build may take")]
    public TimeSpan BuildTimeout { get; init; } = TimeSpan.FromMinutes(45);

    [Setting("debootstrap-timeout", "Seconds debootstrap may take (foreign architectures run emulated and are slower)")]
    public TimeSpan DebootstrapTimeout { get; init; } = TimeSpan.FromMinutes(30);

    /// <summary>The cache folder in use: the setting, else <c>$XDG_CACHE_HOME/kmodforge</c>, else <c>~/.cache/kmodforge</c>.</summary>
    public string ResolvedCacheDirectory => Path.GetFullPath(CacheDirectory ?? IO.CacheDirectory.Default());
}
