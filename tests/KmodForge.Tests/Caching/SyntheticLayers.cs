using System.Security.Cryptography;
using KmodForge.Containers;
using KmodForge.Diagnostics;
using KmodForge.Headers;
using KmodForge.Tests.Support;

namespace KmodForge.Tests.Caching;

/// <summary>
/// Cheap stand-ins for header layers, in a namespace of their own (<c>kmodforge-test-&lt;random&gt;</c>) so the cache
/// policy under test can never reach another test's images: a base image <c>FROM scratch</c> with one small file, and
/// layers on it holding a file of a chosen size, labelled exactly like real header layers. Disposing removes every
/// image made here (layers first), by tag and by ID.
/// </summary>
internal sealed class SyntheticLayers : IAsyncDisposable
{
    private readonly List<string> made = [];
    private readonly TempDirectory temp = new("kmodforge-synthetic");

    public SyntheticLayers()
    {
        Engine = ContainerEngineFactory.Create(new ContainerSettings(), NullBuildLog.Instance);
    }

    public string Namespace { get; } = "kmodforge-test-" + Guid.NewGuid().ToString("N")[..10];

    public IContainerEngine Engine { get; }

    public string BaseTag => $"{Namespace}/base-debian:12-amd64";

    /// <summary>(Re)builds the base image under <see cref="BaseTag"/> with new content; returns its ID.</summary>
    public async Task<string> BaseAsync()
    {
        var id = await BuildAsync("FROM scratch\nCOPY blob /base.bin\n", BaseTag, 4);
        made.Add(id);
        return id;
    }

    /// <summary>A layer for <paramref name="release"/> on the current base, holding <paramref name="kib"/> KiB; returns its tag.</summary>
    public async Task<string> LayerAsync(string release, int kib)
    {
        var baseId = (await Engine.InspectImageAsync(BaseTag, CancellationToken.None))!.Id;
        var tag = $"{Namespace}/headers-debian:12-amd64-{release}-{HeaderLayer.TagHash(release, baseId)}";
        await BuildAsync(
            $"FROM {BaseTag}\nCOPY blob /blob\n" +
            $"LABEL {HeaderLayer.KernelReleaseLabel}=\"{release}\" {HeaderLayer.BaseImageLabel}=\"{BaseTag}\" {HeaderLayer.BaseImageIdLabel}=\"{baseId}\"\n",
            tag, kib);
        return tag;
    }

    public Task<bool> ExistsAsync(string image) => Engine.ImageExistsAsync(image, CancellationToken.None);

    private async Task<string> BuildAsync(string dockerfile, string tag, int kib)
    {
        var context = temp.Combine(Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(context);
        File.WriteAllBytes(Path.Combine(context, "blob"), RandomNumberGenerator.GetBytes(kib * 1024));
        File.WriteAllText(Path.Combine(context, "Dockerfile"), dockerfile);
        await Engine.BuildAsync(new ImageBuildRequest(Path.Combine(context, "Dockerfile"), context, tag), CancellationToken.None);
        made.Add(tag);
        return (await Engine.InspectImageAsync(tag, CancellationToken.None))!.Id;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var image in Enumerable.Reverse(made))
        {
            try
            {
                if (await Engine.ImageExistsAsync(image, CancellationToken.None))
                {
                    await Engine.RemoveImageAsync(image, CancellationToken.None);
                }
            }
            catch (ContainerEngineException)
            {
                // Still used by a layer removed later in the list, or already gone.
            }
        }

        temp.Dispose();
    }
}
