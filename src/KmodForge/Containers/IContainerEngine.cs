using KmodForge.Errors;

namespace KmodForge.Containers;

/// <summary>Builds an image from a Dockerfile.</summary>
public sealed record ImageBuildRequest(string Dockerfile, string ContextDirectory, string Tag)
{
    public IReadOnlyDictionary<string, string> BuildArgs { get; init; } = new Dictionary<string, string>();

    /// <summary>linux/amd64 or linux/arm64; null for the host's platform.</summary>
    public string? Platform { get; init; }

    /// <summary>Build secrets as id → file path (<c>--secret id=...,src=...</c>); never stored in a layer.</summary>
    public IReadOnlyDictionary<string, string> Secrets { get; init; } = new Dictionary<string, string>();

    public bool Pull { get; init; }

    /// <summary>The network mode of RUN steps (<c>host</c> lets a build reach a mirror on the host's loopback); null for the default.</summary>
    public string? Network { get; init; }
}

/// <summary>A host path mounted into a container.</summary>
public sealed record Mount(string HostPath, string ContainerPath, bool ReadOnly = false);

/// <summary>Runs one command in a fresh container, removed afterwards.</summary>
public sealed record ContainerRunRequest(string Image, IReadOnlyList<string> Command)
{
    public IReadOnlyList<Mount> Mounts { get; init; } = [];

    public IReadOnlyDictionary<string, string> Environment { get; init; } = new Dictionary<string, string>();

    public string? Platform { get; init; }

    public string? WorkingDirectory { get; init; }

    /// <summary>The network mode (<c>none</c> for builds that need no network); null for the engine's default.</summary>
    public string? Network { get; init; }

    public TimeSpan? Timeout { get; init; }
}

/// <summary>Commits a container that exited as an image: its tag, labels and command.</summary>
public sealed record ImageCommitRequest(string Tag)
{
    public IReadOnlyDictionary<string, string> Labels { get; init; } = new Dictionary<string, string>();

    /// <summary>The image's command (the container's own, e.g. <c>sh -c …</c>, is not wanted in a reusable image).</summary>
    public IReadOnlyList<string> Command { get; init; } = ["/bin/bash"];
}

/// <summary>The result of a container command: exit code and captured output.</summary>
public sealed record ContainerRunResult(int ExitCode, string StandardOutput, string StandardError);

/// <summary>What an image inspect tells.</summary>
/// <param name="Size">The image's size including the images below it (docker and podman both report it so).</param>
public sealed record ImageInfo(string Id, string Architecture, string Os, DateTimeOffset? Created, long? Size)
{
    /// <summary>The image's labels (<c>Config.Labels</c>).</summary>
    public IReadOnlyDictionary<string, string> Labels { get; init; } = NoLabels;

    /// <summary>The one empty label set (so images without labels compare equal).</summary>
    public static IReadOnlyDictionary<string, string> NoLabels { get; } = new Dictionary<string, string>();

    /// <summary>The image's tags (<c>RepoTags</c>): podman names local ones <c>localhost/…</c>, docker Hub ones <c>docker.io/…</c> or bare.</summary>
    public IReadOnlyList<string> RepoTags { get; init; } = [];

    /// <summary>True when the image carries <paramref name="reference"/> (<c>kmodforge/base-debian:12-amd64</c>), however the engine spells its registry.</summary>
    public bool HasTag(string reference) =>
        RepoTags.Any(t => string.Equals(ImageReferences.Unqualified(t), ImageReferences.Unqualified(reference), StringComparison.Ordinal));
}

/// <summary>
/// A docker-compatible container engine (Docker or Podman through the same CLI verbs). Commands that fail throw
/// <see cref="ContainerEngineException"/> carrying the command line and the tail of its error output.
/// </summary>
public interface IContainerEngine
{
    /// <summary><c>docker</c> or <c>podman</c>.</summary>
    string Name { get; }

    Task BuildAsync(ImageBuildRequest request, CancellationToken cancellationToken);

    Task<bool> ImageExistsAsync(string image, CancellationToken cancellationToken);

    Task<ImageInfo?> InspectImageAsync(string image, CancellationToken cancellationToken);

    /// <summary>Runs a container; streams its output to the log; returns a non-zero exit code instead of throwing.</summary>
    Task<ContainerRunResult> RunAsync(ContainerRunRequest request, CancellationToken cancellationToken);

    /// <summary>
    /// Runs a container like <see cref="RunAsync"/> and, when its command exits 0, commits it as <paramref name="commit"/>'s
    /// image: one container instead of an image build, so no build context, no intermediate layers. The container is
    /// removed afterwards either way.
    /// </summary>
    Task<ContainerRunResult> RunAndCommitAsync(ContainerRunRequest request, ImageCommitRequest commit, CancellationToken cancellationToken);

    Task SaveAsync(string image, string tarPath, CancellationToken cancellationToken);

    Task LoadAsync(string tarPath, CancellationToken cancellationToken);

    /// <summary>Imports a root filesystem tarball as an image (used to bootstrap base images offline).</summary>
    Task ImportAsync(string tarPath, string image, string? platform, CancellationToken cancellationToken);

    Task TagAsync(string source, string target, CancellationToken cancellationToken);

    Task PushAsync(string image, CancellationToken cancellationToken);

    Task PullAsync(string image, string? platform, CancellationToken cancellationToken);

    Task RemoveImageAsync(string image, CancellationToken cancellationToken);

    /// <summary>The tagged references (<c>repository:tag</c>) of the local images carrying <paramref name="label"/>.</summary>
    Task<IReadOnlyList<string>> ListImagesAsync(string label, CancellationToken cancellationToken);
}

/// <summary>A container engine command failed; the message has the command line and the tail of stderr.</summary>
public sealed class ContainerEngineException(string message, int exitCode) : KmodForgeException(message)
{
    public int ExitCode { get; } = exitCode;
}
