namespace KmodForge.Containers;

/// <summary>A command run in a session container (<c>exec</c>): the command, its working directory and environment.</summary>
public sealed record ContainerExecRequest(IReadOnlyList<string> Command)
{
    public string? WorkingDirectory { get; init; }

    public IReadOnlyDictionary<string, string> Environment { get; init; } = new Dictionary<string, string>();

    public TimeSpan? Timeout { get; init; }

    /// <summary>Sees each output line as it arrives (stdout as is, stderr prefixed <c>stderr: </c>), besides the log.</summary>
    public Action<string>? OnOutputLine { get; init; }
}

/// <summary>
/// Session containers: one container that stays up while a build runs several commands in it (the kernel's header
/// install, then the compile), cut off from the network between them, and committed as an image once, when the build
/// no longer waits on it. Docker and Podman both have the verbs (<c>run --detach</c>, <c>exec</c>,
/// <c>network disconnect</c>, <c>commit</c>, <c>rm --force</c>).
/// </summary>
public interface IContainerSessions
{
    /// <summary>
    /// Starts <paramref name="request"/>'s image detached with its mounts, network, platform and working directory,
    /// running nothing but a sleep of <paramref name="lifetime"/> (its command is ignored); started with <c>--rm</c>, so
    /// a session its build never ended (the process killed) goes away by itself. Returns the container's name.
    /// </summary>
    Task<string> StartSessionAsync(ContainerRunRequest request, TimeSpan lifetime, CancellationToken cancellationToken);

    /// <summary>Runs a command in a session; streams its output to the log; a non-zero exit code is returned, not thrown.</summary>
    Task<ContainerRunResult> ExecAsync(string container, ContainerExecRequest request, CancellationToken cancellationToken);

    /// <summary>
    /// Disconnects the session from every network it is on. Whether that left it without a network is for the caller
    /// to check from inside (<see cref="ContainerIsolation"/>): a <c>host</c> network cannot be disconnected.
    /// </summary>
    Task DisconnectNetworksAsync(string container, CancellationToken cancellationToken);

    /// <summary>Commits the session's file system (its mounts are not part of it) as <paramref name="commit"/>'s image.</summary>
    Task CommitAsync(string container, ImageCommitRequest commit, CancellationToken cancellationToken);

    /// <summary>Stops and removes the session; a failure is logged, not thrown (the session also ends by itself).</summary>
    Task EndSessionAsync(string container);
}

/// <summary>The check, from inside a container, that it has no network: <c>/proc/net/dev</c> lists the loopback alone.</summary>
public static class ContainerIsolation
{
    /// <summary>The shell that prints the container's network interfaces, one a line (padded with spaces).</summary>
    public const string InterfacesScript = "tail -n +3 /proc/net/dev | cut -d: -f1";

    /// <summary>Prints the container's network interfaces, one a line.</summary>
    public static readonly IReadOnlyList<string> ListInterfaces = ["sh", "-c", InterfacesScript];

    /// <summary>The interfaces other than <c>lo</c> in <see cref="ListInterfaces"/>'s output (empty: isolated).</summary>
    public static IReadOnlyList<string> OtherInterfaces(string output) =>
        [.. output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Where(i => i != "lo")];

    /// <summary>The exit code of a <see cref="Guarded"/> command that did not run because the container has a network.</summary>
    public const int NotIsolatedExitCode = 97;

    private const string Marker = "kmodforge-isolation: ";

    /// <summary>
    /// <paramref name="command"/> run only when the container has no network but <c>lo</c>: otherwise it exits
    /// <see cref="NotIsolatedExitCode"/> and names the interfaces on stderr (<see cref="NetworkOf"/>). The command's
    /// arguments are passed through untouched (<c>exec "$@"</c>), so the check costs no run of its own.
    /// </summary>
    public static IReadOnlyList<string> Guarded(IReadOnlyList<string> command) =>
    [
        "sh", "-c",
        $"n=$({InterfacesScript} | tr -d ' ' | grep -vx lo | tr '\\n' ' '); "
        + $"[ -z \"$n\" ] || {{ echo \"{Marker}$n\" >&2; exit {NotIsolatedExitCode}; }}; exec \"$@\"",
        "kmodforge-isolated", .. command,
    ];

    /// <summary>The interfaces a <see cref="Guarded"/> command found (it did not run), or null (it ran).</summary>
    public static string? NetworkOf(ContainerRunResult result) =>
        result.ExitCode == NotIsolatedExitCode && result.StandardError.Split('\n').FirstOrDefault(l => l.StartsWith(Marker, StringComparison.Ordinal)) is { } line
            ? line[Marker.Length..].Trim()
            : null;
}
