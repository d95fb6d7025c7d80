using CliWrap;

namespace KmodForge.Containers.Tooling;

/// <summary>The real <see cref="IProcessRunner"/>, over CliWrap (argv passed as a list; cancellation kills the process).</summary>
public sealed class CliWrapProcessRunner : IProcessRunner
{
    public static CliWrapProcessRunner Instance { get; } = new();

    public async Task<int> RunAsync(ProcessStart start, Action<string> onStandardOutput, Action<string> onStandardError, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(start);
        var result = await Cli.Wrap(start.Executable)
            .WithArguments(start.Argv)
            .WithEnvironmentVariables(start.Environment.ToDictionary(kv => kv.Key, kv => (string?)kv.Value))
            .WithValidation(CommandResultValidation.None)
            .WithStandardOutputPipe(PipeTarget.ToDelegate(onStandardOutput))
            .WithStandardErrorPipe(PipeTarget.ToDelegate(onStandardError))
            .ExecuteAsync(cancellationToken)
            .ConfigureAwait(false);
        return result.ExitCode;
    }
}
