using KmodForge.Containers.Tooling;

namespace KmodForge.Containers;

/// <summary>
/// The build a container belongs to. Every container a build starts carries <see cref="BuildIdLabel"/> with the build's
/// id: the build sets it for its async flow (<see cref="ForBuild"/>), and <see cref="CliContainerEngine"/> adds it to
/// each <c>run</c>, however deep in the header, compile or signing code the run is. A service that restarts after a
/// crash finds its dead builds' containers by this label and removes them.
/// </summary>
public static class ContainerLabels
{
    public const string BuildIdLabel = "io.kmodforge.build-id";

    private static readonly AsyncLocal<string?> Current = new();

    /// <summary>The build id of the current async flow, or null outside a build.</summary>
    public static string? BuildId => Current.Value;

    /// <summary>Labels containers started from here on (in this async flow) with <paramref name="buildId"/>, until disposed.</summary>
    public static IDisposable ForBuild(string buildId)
    {
        ContainerInput.Name("build id label", buildId);
        var previous = Current.Value;
        Current.Value = buildId;
        return new Restore(previous);
    }

    /// <summary>The labels for a container started now.</summary>
    public static IReadOnlyDictionary<string, string> ForRun() =>
        Current.Value is { } id ? new Dictionary<string, string> { [BuildIdLabel] = id } : new Dictionary<string, string>();

    private sealed class Restore(string? previous) : IDisposable
    {
        public void Dispose() => Current.Value = previous;
    }
}

/// <summary>A container some build started, as the engine lists it.</summary>
public sealed record BuildContainer(string Id, string BuildId);

/// <summary>Finds and removes the containers builds started (those labelled with <see cref="ContainerLabels.BuildIdLabel"/>).</summary>
public interface IBuildContainers
{
    /// <summary>Every container, running or not, that carries the build id label.</summary>
    Task<IReadOnlyList<BuildContainer>> ListAsync(CancellationToken cancellationToken);

    /// <summary>Stops and removes a container.</summary>
    Task RemoveAsync(string id, CancellationToken cancellationToken);
}
