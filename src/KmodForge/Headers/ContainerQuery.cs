using KmodForge.Containers;
using KmodForge.Targets;

namespace KmodForge.Headers;

/// <summary>Runs a read-only shell query in a target's base image (apt-cache, dnf repoquery).</summary>
internal static class ContainerQuery
{
    public static Task<ContainerRunResult> RunAsync(IContainerEngine engine, Architecture architecture, string image, string script, string? network, TimeSpan timeout, CancellationToken cancellationToken) =>
        engine.RunAsync(new ContainerRunRequest(image, ["sh", "-c", script])
        {
            Platform = architecture.OciPlatform(),
            Network = network,
            Timeout = timeout,
        }, cancellationToken);

    /// <summary>The last non-empty line of a command's error output, or its exit code.</summary>
    public static string Why(ContainerRunResult result) =>
        result.StandardError.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries) is { Length: > 0 } lines
            ? lines[^1]
            : $"exit code {result.ExitCode}";
}
