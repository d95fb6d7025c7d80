using KmodForge.Containers;
using KmodForge.Headers;
using KmodForge.IO;

namespace KmodForge.Caching;

/// <summary>
/// The header layers of one repository namespace in the container storage, as cache entries: found by their
/// <see cref="HeaderLayer.KernelReleaseLabel"/> label and their <c>&lt;namespace&gt;/headers-</c> repository; sized by
/// the bytes they add over their base image; stale when the image their base tag names now is not the one they were
/// built on (the <see cref="HeaderLayer.BaseImageIdLabel"/> label, or for older layers, the base ID hash in their tag).
/// </summary>
public sealed class LayerInventory(IContainerEngine engine, CacheUse uses, string layerNamespace)
{
    public string Prefix => layerNamespace + "/headers-";

    public async Task<IReadOnlyList<CacheEntry>> ListAsync(CancellationToken cancellationToken)
    {
        var recorded = uses.Read();
        var images = new Dictionary<string, ImageInfo?>(StringComparer.Ordinal);
        var entries = new List<CacheEntry>();
        foreach (var reference in await engine.ListImagesAsync(HeaderLayer.KernelReleaseLabel, cancellationToken).ConfigureAwait(false))
        {
            if (!reference.StartsWith(Prefix, StringComparison.Ordinal)
                || await InspectAsync(images, reference, cancellationToken).ConfigureAwait(false) is not { } layer)
            {
                continue; // another namespace, or removed since the listing
            }

            var baseTag = layer.Labels.GetValueOrDefault(HeaderLayer.BaseImageLabel);
            var current = string.IsNullOrEmpty(baseTag) ? null : await InspectAsync(images, baseTag, cancellationToken).ConfigureAwait(false);
            var builtOn = BuiltOn(reference, layer, current);
            var below = builtOn is null ? null : await InspectAsync(images, builtOn, cancellationToken).ConfigureAwait(false);
            var key = CacheUse.ImageKey(reference);
            var used = recorded.TryGetValue(key, out var when);
            entries.Add(new CacheEntry(CacheEntryKind.HeaderLayer, reference, key,
                Math.Max(0, (layer.Size ?? 0) - (below?.Size ?? 0)), used ? when : layer.Created ?? DateTimeOffset.UnixEpoch, used, uses.LeasePath(key))
            {
                StaleReason = Stale(baseTag, current, builtOn),
                Held = IsHeld(uses.LeasePath(key)),
            });
        }

        return entries;
    }

    /// <summary>Whether a build holds the lease now (taken and released at once when free).</summary>
    public static bool IsHeld(string leasePath)
    {
        using var probe = FileLease.TryAcquireExclusive(leasePath);
        return probe is null;
    }

    /// <summary>The ID of the base image the layer was built on, or null when it cannot be told.</summary>
    private static string? BuiltOn(string reference, ImageInfo layer, ImageInfo? currentBase)
    {
        if (layer.Labels.GetValueOrDefault(HeaderLayer.BaseImageIdLabel) is { Length: > 0 } id)
        {
            return id;
        }

        // Layers made before the label: the tag ends with the hash of the release and the base image ID.
        var release = layer.Labels.GetValueOrDefault(HeaderLayer.KernelReleaseLabel) ?? "";
        return currentBase is not null && reference.EndsWith("-" + HeaderLayer.TagHash(release, currentBase.Id), StringComparison.Ordinal) ? currentBase.Id : null;
    }

    private static string? Stale(string? baseTag, ImageInfo? current, string? builtOn) =>
        string.IsNullOrEmpty(baseTag) ? "names no base image"
        : current is null ? $"its base image {baseTag} is no longer present"
        : builtOn is null ? $"built on an older {baseTag} (its tag's hash is not that of the current {Short(current.Id)})"
        : builtOn != current.Id ? $"built on {Short(builtOn)}, but {baseTag} is now {Short(current.Id)}"
        : null;

    private static string Short(string id) => id.Replace("sha256:", "", StringComparison.Ordinal)[..Math.Min(12, id.Replace("sha256:", "", StringComparison.Ordinal).Length)];

    private async Task<ImageInfo?> InspectAsync(Dictionary<string, ImageInfo?> known, string reference, CancellationToken cancellationToken)
    {
        if (!known.TryGetValue(reference, out var info))
        {
            info = await engine.InspectImageAsync(reference, cancellationToken).ConfigureAwait(false);
            known[reference] = info;
        }

        return info;
    }
}
