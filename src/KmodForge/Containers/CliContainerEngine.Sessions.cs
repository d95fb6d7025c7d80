using System.Globalization;
using KmodForge.Containers.Commands;
using KmodForge.Containers.Tooling;

namespace KmodForge.Containers;

/// <summary><see cref="IContainerSessions"/> over the same CLI: <c>run --detach --rm … sleep N</c>, <c>exec</c>, <c>network disconnect</c>, <c>commit</c>, <c>rm --force</c>.</summary>
public sealed partial class CliContainerEngine
{
    public async Task<string> StartSessionAsync(ContainerRunRequest request, TimeSpan lifetime, CancellationToken cancellationToken)
    {
        var name = NewContainerName();
        var settings = RunSettings(request, name, remove: true);
        settings.Detach = true;
        var seconds = Math.Max(1, (long)Math.Ceiling(lifetime.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
        try
        {
            // The sleep ends at once on the engine's stop signal (a bare sleep as PID 1 ignores it and rm waits 10 s to kill it).
            await RunAsync(settings, ContainerRunCommand.Arguments(settings, request.Image, ["sh", "-c", $"trap 'exit 0' TERM INT; sleep {seconds} & wait"]), null, cancellationToken)
                .ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            await RemoveContainerAsync(name).ConfigureAwait(false);
            throw;
        }

        return name;
    }

    public async Task<ContainerRunResult> ExecAsync(string container, ContainerExecRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var settings = new ContainerExecSettings
        {
            Environment = new Dictionary<string, string>(request.Environment),
            WorkingDirectoryInContainer = request.WorkingDirectory,
        };
        var options = CommandExitCodes(request.Timeout) with
        {
            OnLine = request.OnOutputLine is not { } watch ? log.Verbose : line =>
            {
                log.Verbose(line);
                watch(line);
            },
        };
        var result = await RunAsync(settings, ContainerExecCommand.Arguments(settings, container, request.Command), options, cancellationToken, quiet: true)
            .ConfigureAwait(false);
        return new ContainerRunResult(result.ExitCode, result.StandardOutput, result.StandardError);
    }

    public async Task DisconnectNetworksAsync(string container, CancellationToken cancellationToken)
    {
        var settings = new ContainerNetworkSettings();
        var inspected = await RunAsync(settings, ContainerNetworkCommand.Networks(container), null, cancellationToken, quiet: true).ConfigureAwait(false);
        foreach (var network in ContainerNetworkCommand.ParseNetworks(inspected.StandardOutput))
        {
            // A network that cannot be disconnected (host) is not an error here: the check from inside tells.
            var result = await RunAsync(settings, ContainerNetworkCommand.Disconnect(network, container), new CommandOptions { Timeout = commandTimeout, ThrowOnError = false },
                cancellationToken).ConfigureAwait(false);
            if (result.ExitCode != 0)
            {
                log.Verbose($"{Name} network disconnect {network} {container}: exit code {result.ExitCode}: {result.StandardError.Trim()}");
            }
        }
    }

    public Task CommitAsync(string container, ImageCommitRequest commit, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(commit);
        var settings = new ContainerCommitSettings { Labels = new Dictionary<string, string>(commit.Labels), Command = [.. commit.Command] };
        return RunAsync(settings, ContainerCommitCommand.Arguments(settings, container, commit.Tag), null, cancellationToken);
    }

    public Task EndSessionAsync(string container) => RemoveContainerAsync(container);
}
