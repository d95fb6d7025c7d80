using KmodForge.Containers;

namespace KmodForge.Tests.Support;

/// <summary>An engine for code paths that may use only the calls a test overrides: any other call fails the test with <paramref name="why"/>.</summary>
public abstract class RefusingContainerEngine(string why) : IContainerEngine
{
    public virtual string Name => "refusing";

    public virtual Task BuildAsync(ImageBuildRequest request, CancellationToken cancellationToken) => throw Unexpected();

    public virtual Task<bool> ImageExistsAsync(string image, CancellationToken cancellationToken) => throw Unexpected();

    public virtual Task<ImageInfo?> InspectImageAsync(string image, CancellationToken cancellationToken) => throw Unexpected();

    public virtual Task<ContainerRunResult> RunAsync(ContainerRunRequest request, CancellationToken cancellationToken) => throw Unexpected();

    public virtual Task<ContainerRunResult> RunAndCommitAsync(ContainerRunRequest request, ImageCommitRequest commit, CancellationToken cancellationToken) => throw Unexpected();

    public virtual Task SaveAsync(string image, string tarPath, CancellationToken cancellationToken) => throw Unexpected();

    public virtual Task LoadAsync(string tarPath, CancellationToken cancellationToken) => throw Unexpected();

    public virtual Task ImportAsync(string tarPath, string image, string? platform, CancellationToken cancellationToken) => throw Unexpected();

    public virtual Task TagAsync(string source, string target, CancellationToken cancellationToken) => throw Unexpected();

    public virtual Task PushAsync(string image, CancellationToken cancellationToken) => throw Unexpected();

    public virtual Task PullAsync(string image, string? platform, CancellationToken cancellationToken) => throw Unexpected();

    public virtual Task RemoveImageAsync(string image, CancellationToken cancellationToken) => throw Unexpected();

    public virtual Task<IReadOnlyList<string>> ListImagesAsync(string label, CancellationToken cancellationToken) => throw Unexpected();

    private InvalidOperationException Unexpected() => new(why);
}
