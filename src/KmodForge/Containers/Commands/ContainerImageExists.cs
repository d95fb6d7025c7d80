using Cake.Core;
using Cake.Core.Annotations;
using Cake.Core.IO;
using KmodForge.Containers.Tooling;

namespace KmodForge.Containers.Commands;

/// <summary>Settings of the image-exists check.</summary>
public sealed class ContainerImageExistsSettings : ContainerToolSettings;

public static partial class ContainerAliases
{
    /// <summary>Whether an image is present locally (podman: <c>image exists</c>; docker: <c>image inspect</c>).</summary>
    [CakeMethodAlias]
    public static bool ContainerImageExists(this ICakeContext context, string image, ContainerImageExistsSettings? settings = null)
    {
        settings ??= new ContainerImageExistsSettings();
        var cli = ContainerAliasSupport.Cli(context, settings);
        return ContainerImageExistsCommand.Interpret(cli.Engine, cli.Execute(settings, ContainerImageExistsCommand.Arguments(cli.Engine, image), ContainerImageExistsCommand.Options));
    }
}

public static class ContainerImageExistsCommand
{
    public static CommandOptions Options { get; } = new() { SuccessExitCodes = [0, 1] };

    public static ProcessArgumentBuilder Arguments(ContainerEngineKind engine, string image)
    {
        var reference = ContainerInput.ImageReference("image exists image", image);
        var args = new ProcessArgumentBuilder().Arg("image");
        return engine == ContainerEngineKind.Podman
            ? args.Arg("exists").Arg(reference)
            : args.Arg("inspect").Arg("--format").Arg("{{.Id}}").Arg(reference);
    }

    /// <summary>0 → present; 1 → absent (podman always; docker when it says "No such image"); otherwise the engine failed.</summary>
    public static bool Interpret(ContainerEngineKind engine, CommandResult result) => result.ExitCode switch
    {
        0 => true,
        1 when engine == ContainerEngineKind.Podman || IsNoSuchImage(result) => false,
        _ => throw new ContainerEngineException(AsyncCliTool<ContainerToolSettings>.FailureMessage(result, $"failed with exit code {result.ExitCode}"), result.ExitCode),
    };

    internal static bool IsNoSuchImage(CommandResult result) =>
        result.StandardError.Contains("no such image", StringComparison.OrdinalIgnoreCase)
        || result.StandardError.Contains("no such object", StringComparison.OrdinalIgnoreCase)
        || result.StandardError.Contains("image not known", StringComparison.OrdinalIgnoreCase);
}
