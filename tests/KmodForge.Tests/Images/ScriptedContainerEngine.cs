using KmodForge.Containers;

namespace KmodForge.Tests.Images;

/// <summary>An engine whose local images are a set and whose pulls fail, recording every call (for the builder's decisions).</summary>
internal sealed class ScriptedContainerEngine(params string[] present) : IContainerEngine
{
    public HashSet<string> Present { get; } = [.. present];

    public List<string> Calls { get; } = [];

    public List<ImageBuildRequest> Builds { get; } = [];

    public string Name => "podman";

    public Task BuildAsync(ImageBuildRequest request, CancellationToken cancellationToken)
    {
        Calls.Add("build " + request.Tag);
        Builds.Add(request);
        Present.Add(request.Tag);
        return Task.CompletedTask;
    }

    public Task<bool> ImageExistsAsync(string image, CancellationToken cancellationToken)
    {
        Calls.Add("exists " + image);
        return Task.FromResult(Present.Contains(image));
    }

    public Task<ImageInfo?> InspectImageAsync(string image, CancellationToken cancellationToken)
    {
        Calls.Add("inspect " + image);
        return Task.FromResult(Present.Contains(image) ? new ImageInfo("sha256:1", "amd64", "linux", null, null) : null);
    }

    public Task PullAsync(string image, string? platform, CancellationToken cancellationToken)
    {
        Calls.Add($"pull {image} {platform}");
        throw new ContainerEngineException($"`podman pull {image}` failed with exit code 125. Its last output:\n  Error: initializing source docker://{image}: pinging container registry registry-1.docker.io: no such host", 125);
    }

    public Task<ContainerRunResult> RunAsync(ContainerRunRequest request, CancellationToken cancellationToken) => throw new NotSupportedException();

    public Task<ContainerRunResult> RunAndCommitAsync(ContainerRunRequest request, ImageCommitRequest commit, CancellationToken cancellationToken) => throw new NotSupportedException();

    public Task SaveAsync(string image, string tarPath, CancellationToken cancellationToken) => throw new NotSupportedException();

    public Task LoadAsync(string tarPath, CancellationToken cancellationToken) => throw new NotSupportedException();

    public Task ImportAsync(string tarPath, string image, string? platform, CancellationToken cancellationToken) => throw new NotSupportedException();

    public Task TagAsync(string source, string target, CancellationToken cancellationToken) => throw new NotSupportedException();

    public Task PushAsync(string image, CancellationToken cancellationToken) => throw new NotSupportedException();

    public Task RemoveImageAsync(string image, CancellationToken cancellationToken) => throw new NotSupportedException();

    public Task<IReadOnlyList<string>> ListImagesAsync(string label, CancellationToken cancellationToken) => throw new NotSupportedException();
}
