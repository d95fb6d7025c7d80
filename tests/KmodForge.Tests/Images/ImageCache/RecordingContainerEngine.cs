using System.Collections.Concurrent;
using System.Text.Json;
using KmodForge.Containers;

namespace KmodForge.Tests.Images.ImageCache;

/// <summary>
/// An in-memory engine for the cache's decision logic: images are tags pointing at ids; save writes a real archive file
/// (JSON header line + payload) and load reads it back, so tarballs travel through the real codec and S3 store.
/// Records every call. Pull succeeds only for references in <see cref="Pullable"/>.
/// </summary>
public sealed class RecordingContainerEngine : IContainerEngine
{
    public ConcurrentDictionary<string, string> Tags { get; } = new();

    public ConcurrentQueue<string> Calls { get; } = new();

    public HashSet<string> Pullable { get; } = [];

    public string Name => "recording";

    public void AddImage(string tag, string id) => Tags[tag] = id;

    public Task BuildAsync(ImageBuildRequest request, CancellationToken cancellationToken)
    {
        Calls.Enqueue($"build {request.Tag}");
        Tags[request.Tag] = "built-" + Guid.NewGuid().ToString("N")[..8];
        return Task.CompletedTask;
    }

    public Task<bool> ImageExistsAsync(string image, CancellationToken cancellationToken) => Task.FromResult(Tags.ContainsKey(image));

    public Task<ImageInfo?> InspectImageAsync(string image, CancellationToken cancellationToken) =>
        Task.FromResult(Tags.TryGetValue(image, out var id)
            ? new ImageInfo(id, "amd64", "linux", null, null) { RepoTags = [.. Tags.Where(t => t.Value == id).Select(t => "localhost/" + t.Key)] }
            : null);

    public Task<ContainerRunResult> RunAsync(ContainerRunRequest request, CancellationToken cancellationToken) =>
        throw new NotSupportedException("the image cache runs no containers");

    public Task<ContainerRunResult> RunAndCommitAsync(ContainerRunRequest request, ImageCommitRequest commit, CancellationToken cancellationToken) =>
        throw new NotSupportedException("the image cache runs no containers");

    public async Task SaveAsync(string image, string tarPath, CancellationToken cancellationToken)
    {
        Calls.Enqueue($"save {image}");
        var id = Tags.TryGetValue(image, out var found) ? found : throw new ContainerEngineException($"save: no such image {image}", 125);
        var payload = new byte[256 * 1024];
        new Random(id.GetHashCode(StringComparison.Ordinal)).NextBytes(payload.AsSpan(0, payload.Length / 2));
        await using var file = File.Create(tarPath);
        await file.WriteAsync(JsonSerializer.SerializeToUtf8Bytes(new Archive(image, id)), cancellationToken);
        file.WriteByte((byte)'\n');
        await file.WriteAsync(payload, cancellationToken);
    }

    public async Task LoadAsync(string tarPath, CancellationToken cancellationToken)
    {
        Calls.Enqueue("load");
        var header = (await File.ReadAllLinesAsync(tarPath, cancellationToken))[0];
        Archive archive;
        try
        {
            archive = JsonSerializer.Deserialize<Archive>(header)!;
        }
        catch (JsonException e)
        {
            throw new ContainerEngineException("load: not an image archive: " + e.Message, 125);
        }

        Tags[archive.Tag] = archive.Id;
    }

    public Task ImportAsync(string tarPath, string image, string? platform, CancellationToken cancellationToken) => throw new NotSupportedException();

    public Task TagAsync(string source, string target, CancellationToken cancellationToken)
    {
        Calls.Enqueue($"tag {source} {target}");
        Tags[target] = Tags.TryGetValue(source, out var id) ? id : throw new ContainerEngineException($"tag: no such image {source}", 125);
        return Task.CompletedTask;
    }

    public Task PushAsync(string image, CancellationToken cancellationToken)
    {
        Calls.Enqueue($"push {image}");
        return Task.CompletedTask;
    }

    public Task PullAsync(string image, string? platform, CancellationToken cancellationToken)
    {
        Calls.Enqueue($"pull {image}");
        if (!Pullable.Contains(image))
        {
            throw new ContainerEngineException($"pull {image}: Error: initializing source docker://{image}: connection refused", 125);
        }

        Tags[image] = "pulled";
        return Task.CompletedTask;
    }

    public Task RemoveImageAsync(string image, CancellationToken cancellationToken)
    {
        Calls.Enqueue($"rmi {image}");
        Tags.TryRemove(image, out _);
        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<string>> ListImagesAsync(string label, CancellationToken cancellationToken) => throw new NotSupportedException();

    private sealed record Archive(string Tag, string Id);
}
