namespace KmodForge.Caching;

/// <summary>What a cache entry is: a header layer in the container storage, or a file under the cache folder.</summary>
public enum CacheEntryKind
{
    HeaderLayer,
    BaseImageTarball,
    RootFilesystem,
}

/// <summary>
/// One entry the cache policy may prune.
/// </summary>
/// <param name="Name">The image reference or the file path.</param>
/// <param name="UseKey">Its key in the use index (<see cref="IO.CacheUse"/>).</param>
/// <param name="Bytes">What removing it frees: a layer's bytes over its base image, a file's size (with its checksum file).</param>
/// <param name="LastUse">The last use recorded by a build, else when it was made.</param>
/// <param name="UseRecorded">False when <paramref name="LastUse"/> is the creation time (no build recorded a use).</param>
/// <param name="LockPath">The lease (layers) or per-image lock (files) a running build holds while it needs the entry.</param>
public sealed record CacheEntry(CacheEntryKind Kind, string Name, string UseKey, long Bytes, DateTimeOffset LastUse, bool UseRecorded, string LockPath)
{
    /// <summary>Why the entry can never be used again as it is (a layer built on a base image that is no longer current); null when current.</summary>
    public string? StaleReason { get; init; }

    /// <summary>True when a running build held it when the inventory was taken.</summary>
    public bool Held { get; init; }
}

/// <summary>An entry the plan removes, and why.</summary>
public sealed record PruneDecision(CacheEntry Entry, string Reason);
