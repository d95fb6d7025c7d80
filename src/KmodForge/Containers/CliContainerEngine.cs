using KmodForge.Containers.Commands;
using KmodForge.Containers.Tooling;
using KmodForge.Diagnostics;
using KmodForge.IO;

namespace KmodForge.Containers;

/// <summary>
/// <see cref="IContainerEngine"/> over the docker or podman CLI (through <see cref="ContainerCli"/>). Output lines go to <see cref="IBuildLog.Verbose"/>; failures throw <see cref="ContainerEngineException"/> with
/// the command line and the last 40 lines of error output; cancellation kills the command (and removes a running
/// container); <paramref name="commandTimeout"/> limits each command (0 or null: no limit).
/// </summary>
public sealed partial class CliContainerEngine(ContainerCli cli, IBuildLog log, TimeSpan? commandTimeout = null) : IContainerEngine, IBuildContainers, IContainerSessions
{
    private static readonly TimeSpan CleanupTimeout = TimeSpan.FromSeconds(60);

    public string Name => cli.Engine.Executable();

    public ContainerEngineKind Kind => cli.Engine;

    public Task BuildAsync(ImageBuildRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var settings = new ContainerBuildSettings
        {
            File = Path.GetFullPath(request.Dockerfile),
            Tags = [request.Tag],
            BuildArgs = new Dictionary<string, string>(request.BuildArgs),
            Platform = request.Platform,
            Secrets = request.Secrets.ToDictionary(kv => kv.Key, kv => Path.GetFullPath(kv.Value)),
            Pull = request.Pull,
            Network = request.Network,
        };
        return RunAsync(settings, ContainerBuildCommand.Arguments(settings, Path.GetFullPath(request.ContextDirectory)), null, cancellationToken);
    }

    public async Task<bool> ImageExistsAsync(string image, CancellationToken cancellationToken)
    {
        var result = await RunAsync(new ContainerImageExistsSettings(), ContainerImageExistsCommand.Arguments(cli.Engine, image), ContainerImageExistsCommand.Options, cancellationToken).ConfigureAwait(false);
        return ContainerImageExistsCommand.Interpret(cli.Engine, result);
    }

    public async Task<ImageInfo?> InspectImageAsync(string image, CancellationToken cancellationToken)
    {
        var result = await RunAsync(new ContainerImageInspectSettings(), ContainerImageInspectCommand.Arguments(image), ContainerImageInspectCommand.Options, cancellationToken, quiet: true).ConfigureAwait(false);
        return ContainerImageInspectCommand.Parse(result);
    }

    public Task<ContainerRunResult> RunAsync(ContainerRunRequest request, CancellationToken cancellationToken) =>
        RunContainerAsync(request, NewContainerName(), remove: true, cancellationToken);

    public async Task<ContainerRunResult> RunAndCommitAsync(ContainerRunRequest request, ImageCommitRequest commit, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(commit);
        var name = NewContainerName();
        try
        {
            var result = await RunContainerAsync(request, name, remove: false, cancellationToken).ConfigureAwait(false);
            if (result.ExitCode == 0)
            {
                await CommitAsync(name, commit, cancellationToken).ConfigureAwait(false);
            }

            return result;
        }
        finally
        {
            await RemoveContainerAsync(name).ConfigureAwait(false);
        }
    }

    private static string NewContainerName() => "kmodforge-" + Guid.NewGuid().ToString("N")[..16];

    /// <summary>The <c>run</c> settings of a request: its mounts (absolute), environment, platform, working directory, network, the build's label.</summary>
    private static ContainerRunSettings RunSettings(ContainerRunRequest request, string name, bool remove)
    {
        ArgumentNullException.ThrowIfNull(request);
        return new ContainerRunSettings
        {
            Remove = remove,
            Name = name,
            Volumes = request.Mounts.Select(m => m with { HostPath = Path.GetFullPath(m.HostPath) }).ToList(),
            Environment = new Dictionary<string, string>(request.Environment),
            Platform = request.Platform,
            WorkingDirectoryInContainer = request.WorkingDirectory,
            Network = request.Network,
            Labels = new Dictionary<string, string>(ContainerLabels.ForRun()),
        };
    }

    /// <summary>Exit codes are the command's answer; 125 is the engine's own failure (no such image or container, bad option).</summary>
    private CommandOptions CommandExitCodes(TimeSpan? timeout) =>
        new() { Timeout = timeout ?? commandTimeout, SuccessExitCodes = [.. Enumerable.Range(0, 256).Where(c => c != 125)] };

    private async Task<ContainerRunResult> RunContainerAsync(ContainerRunRequest request, string name, bool remove, CancellationToken cancellationToken)
    {
        var settings = RunSettings(request, name, remove);
        var arguments = ContainerRunCommand.Arguments(settings, request.Image, request.Command);
        try
        {
            var result = await RunAsync(settings, arguments, CommandExitCodes(request.Timeout), cancellationToken).ConfigureAwait(false);
            return new ContainerRunResult(result.ExitCode, result.StandardOutput, result.StandardError);
        }
        catch (Exception e) when (remove && e is OperationCanceledException or ContainerEngineException { ExitCode: not 125 })
        {
            await RemoveContainerAsync(name).ConfigureAwait(false);
            throw;
        }
    }

    public async Task SaveAsync(string image, string tarPath, CancellationToken cancellationToken)
    {
        var destination = Path.GetFullPath(tarPath);
        var temp = AtomicFile.TempPathBeside(destination);
        try
        {
            await RunAsync(new ContainerSaveSettings(), ContainerSaveCommand.Arguments(image, temp), null, cancellationToken).ConfigureAwait(false);
            File.Move(temp, destination, overwrite: true);
        }
        finally
        {
            File.Delete(temp);
        }
    }

    public Task LoadAsync(string tarPath, CancellationToken cancellationToken) =>
        RunAsync(new ContainerLoadSettings(), ContainerLoadCommand.Arguments(Path.GetFullPath(tarPath)), null, cancellationToken);

    public Task ImportAsync(string tarPath, string image, string? platform, CancellationToken cancellationToken)
    {
        var settings = new ContainerImportSettings { Platform = platform, Changes = ["CMD [\"/bin/bash\"]"], Message = "kmodforge: imported root filesystem" };
        return RunAsync(settings, ContainerImportCommand.Arguments(cli.Engine, settings, Path.GetFullPath(tarPath), image), null, cancellationToken);
    }

    public Task TagAsync(string source, string target, CancellationToken cancellationToken) =>
        RunAsync(new ContainerTagSettings(), ContainerTagCommand.Arguments(source, target), null, cancellationToken);

    public Task PushAsync(string image, CancellationToken cancellationToken) =>
        RunAsync(new ContainerPushSettings(), ContainerPushCommand.Arguments(image), null, cancellationToken);

    public Task PullAsync(string image, string? platform, CancellationToken cancellationToken)
    {
        var settings = new ContainerPullSettings { Platform = platform };
        return RunAsync(settings, ContainerPullCommand.Arguments(settings, image), null, cancellationToken);
    }

    public Task RemoveImageAsync(string image, CancellationToken cancellationToken)
    {
        var settings = new ContainerRmiSettings { Force = true };
        return RunAsync(settings, ContainerRmiCommand.Arguments(settings, [image]), null, cancellationToken);
    }

    public async Task<IReadOnlyList<string>> ListImagesAsync(string label, CancellationToken cancellationToken)
    {
        var options = new CommandOptions { Timeout = commandTimeout };
        var result = await RunAsync(new ContainerImagesSettings(), ContainerImagesCommand.Arguments(label), options, cancellationToken, quiet: true).ConfigureAwait(false);
        return ContainerImagesCommand.Parse(result);
    }

    public async Task<IReadOnlyList<BuildContainer>> ListAsync(CancellationToken cancellationToken)
    {
        var ids = await RunAsync(new ContainerPsSettings(), ContainerPsCommand.Arguments(ContainerLabels.BuildIdLabel), null, cancellationToken, quiet: true).ConfigureAwait(false);
        var list = ids.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (list.Length == 0)
        {
            return [];
        }

        // A container removed between the two commands makes inspect fail for it alone: read what it printed.
        var inspected = await RunAsync(new ContainerPsSettings(), ContainerPsCommand.Inspect(list, ContainerLabels.BuildIdLabel),
            new CommandOptions { Timeout = commandTimeout, ThrowOnError = false }, cancellationToken, quiet: true).ConfigureAwait(false);
        return ContainerPsCommand.Parse(inspected.StandardOutput);
    }

    public async Task RemoveAsync(string id, CancellationToken cancellationToken)
    {
        var settings = new ContainerRmSettings { Force = true };
        await RunAsync(settings, ContainerRmCommand.Arguments(settings, id), null, cancellationToken).ConfigureAwait(false);
    }

    private Task<CommandResult> RunAsync(ContainerToolSettings settings, CommandArguments arguments, CommandOptions? options, CancellationToken cancellationToken, bool quiet = false)
    {
        options ??= new CommandOptions { Timeout = commandTimeout };
        if (!quiet)
        {
            options = options with { OnLine = log.Verbose };
        }

        return cli.ExecuteAsync(settings, arguments, options, cancellationToken);
    }

    private async Task RemoveContainerAsync(string name)
    {
        try
        {
            var settings = new ContainerRmSettings { Force = true };
            await cli.ExecuteAsync(settings, ContainerRmCommand.Arguments(settings, name), new CommandOptions { Timeout = CleanupTimeout, ThrowOnError = false }, CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception e) when (e is ContainerEngineException or IOException)
        {
            log.Warning($"Could not remove container {name}: {e.Message}");
        }
    }
}
