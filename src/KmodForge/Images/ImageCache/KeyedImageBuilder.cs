using KmodForge.Containers;

namespace KmodForge.Images.ImageCache;

/// <summary>
/// Builds a base image through the inner provider and tags it with its content key. The inner builder treats any
/// image under the plain tag as done, so a stale one (without the key's tag) is untagged first.
/// </summary>
internal sealed class KeyedImageBuilder(IBaseImageProvider inner, IContainerEngine engine)
{
    /// <summary>Source <see cref="BaseImageSource.Built"/> with the keyed tag set, or the inner result unchanged when it did not build.</summary>
    public async Task<BaseImageResult> BuildAsync(BaseImageKey key, List<string> notes, CancellationToken cancellationToken)
    {
        if (await engine.ImageExistsAsync(key.Tag, cancellationToken).ConfigureAwait(false))
        {
            await engine.RemoveImageAsync(key.Tag, cancellationToken).ConfigureAwait(false);
            notes.Add($"build: removed the stale tag {key.Tag}");
        }

        var built = await inner.EnsureAsync(key.Distribution, key.Version, key.Architecture, cancellationToken).ConfigureAwait(false);
        notes.AddRange(built.Notes.Select(n => "build: " + n));
        if (built.Source != BaseImageSource.Built)
        {
            // Someone else made the image meanwhile; without a build here its content cannot be vouched for.
            notes.Add($"build: {key.Tag} appeared without a build here; not tagging it with content key {key.Hash}");
            return built with { Notes = notes };
        }

        await engine.TagAsync(key.Tag, key.KeyedTag, cancellationToken).ConfigureAwait(false);
        return new BaseImageResult(key.Tag, BaseImageSource.Built, notes);
    }
}
