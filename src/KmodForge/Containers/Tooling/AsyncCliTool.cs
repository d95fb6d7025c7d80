namespace KmodForge.Containers.Tooling;

/// <summary>
/// A command-line tool run asynchronously: the process is started through an <see cref="IProcessRunner"/>, its output
/// lines are streamed to an observer as they arrive, a cancellation or a time limit kills it, and a failure throws
/// <see cref="Failure"/> with the command line and the tail of its error output.
/// </summary>
public abstract class AsyncCliTool<TSettings>(IProcessRunner? runner)
    where TSettings : CommandSettings
{
    private readonly IProcessRunner runner = runner ?? CliWrapProcessRunner.Instance;

    /// <summary>The executable: a name looked up on PATH, or a path.</summary>
    public abstract string Executable { get; }

    public CommandResult Execute(TSettings settings, CommandArguments arguments, CommandOptions? options = null) =>
        ExecuteAsync(settings, arguments, options, CancellationToken.None).GetAwaiter().GetResult();

    public async Task<CommandResult> ExecuteAsync(TSettings settings, CommandArguments arguments, CommandOptions? options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(arguments);
        options ??= CommandOptions.Default;
        cancellationToken.ThrowIfCancellationRequested();

        var commandLine = $"{Executable} {arguments.RenderSafe()}";
        var output = new OutputCollector(options.OnLine);
        var timeout = options.Timeout ?? settings.ToolTimeout;
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        if (timeout is { } t && t > TimeSpan.Zero)
        {
            limit.CancelAfter(t);
        }

        var start = new ProcessStart(Executable, arguments.ToArgv(), new Dictionary<string, string>(settings.EnvironmentVariables));
        int exitCode;
        try
        {
            exitCode = await runner.RunAsync(start, line => output.OnStandardOutput(line), line => output.OnStandardError(line), limit.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw new OperationCanceledException($"Cancelled: {commandLine}", cancellationToken);
        }
        catch (OperationCanceledException)
        {
            var killed = output.Result(commandLine, -1);
            throw Failure(FailureMessage(killed, $"did not finish within {timeout!.Value.TotalSeconds:0.#} s and was killed"), -1);
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw Failure($"`{commandLine}` could not start: {e.Message}", -1);
        }

        var result = output.Result(commandLine, exitCode);
        if (options.ThrowOnError && !options.SuccessExitCodes.Contains(result.ExitCode))
        {
            throw Failure(FailureMessage(result, $"failed with exit code {result.ExitCode}"), result.ExitCode);
        }

        return result;
    }

    /// <summary>The exception thrown when the command fails or times out.</summary>
    protected abstract Exception Failure(string message, int exitCode);

    /// <summary>"`cmd args` failed with exit code 1; its last error output:" and the stderr tail.</summary>
    public static string FailureMessage(CommandResult result, string what)
    {
        var tail = result.StandardErrorTail.Count > 0
            ? result.StandardErrorTail
            : result.OutputLines.TakeLast(OutputCollector.TailLines).ToList();
        var message = $"`{result.CommandLine}` {what}.";
        return tail.Count == 0
            ? message + " It printed nothing."
            : message + " Its last output:" + Environment.NewLine + string.Join(Environment.NewLine, tail.Select(l => "  " + l));
    }
}
