using KmodForge.Containers.Tooling;

namespace KmodForge.Containers.Commands;

/// <summary>Settings of the image-exists check.</summary>
public sealed class ContainerImageExistsSettings : ContainerToolSettings;

public static class ContainerImageExistsCommand
{
    public static CommandOptions Options { get; } = new() { SuccessExitCodes = [0, 1] };

    public static CommandArguments Arguments(ContainerEngineKind engine, string image)
    {
        var reference = ContainerInput.ImageReference("image exists image", image);
        var args = new CommandArguments().Arg("image");
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
