using Cake.Core;
using Cake.Core.IO;
using Cake.Core.Tooling;

namespace KmodForge.Containers.Tooling;

/// <summary>
/// A Cake tool run asynchronously: the process is started through Cake's <see cref="IProcessRunner"/> (so tool
/// resolution, environment and logging are Cake's), its output lines are streamed to an observer as they arrive, a
/// cancellation or a time limit kills it, and a failure throws <see cref="Failure"/> with the command line and the
/// tail of its error output.
/// </summary>
public abstract class AsyncCliTool<TSettings>(IFileSystem fileSystem, ICakeEnvironment environment, IProcessRunner processRunner, IToolLocator tools)
    : Tool<TSettings>(fileSystem, environment, processRunner, tools)
    where TSettings : ToolSettings
{
    public CommandResult Execute(TSettings settings, ProcessArgumentBuilder arguments, CommandOptions? options = null) =>
        ExecuteAsync(settings, arguments, options, CancellationToken.None).GetAwaiter().GetResult();

    public async Task<CommandResult> ExecuteAsync(TSettings settings, ProcessArgumentBuilder arguments, CommandOptions? options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(arguments);
        options ??= CommandOptions.Default;
        cancellationToken.ThrowIfCancellationRequested();

        var commandLine = $"{GetToolName()} {arguments.RenderSafe()}";
        var output = new OutputCollector(options.OnLine);
        var processSettings = new ProcessSettings
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectedStandardOutputHandler = output.OnStandardOutput,
            RedirectedStandardErrorHandler = output.OnStandardError,
        };

        var process = RunProcess(settings, arguments, processSettings);
        var timeout = options.Timeout ?? settings.ToolTimeout;
        bool exited;
        using (cancellationToken.Register(() => Kill(process)))
        {
            exited = await Task.Run(() => WaitForExit(process, timeout), CancellationToken.None).ConfigureAwait(false);
        }

        if (!exited)
        {
            Kill(process);
            await Task.Run(process.WaitForExit, CancellationToken.None).ConfigureAwait(false);
        }

        // Cake buffers redirected lines; draining them makes sure every line went through the handlers.
        _ = process.GetStandardOutput().Count();
        _ = process.GetStandardError().Count();
        var result = output.Result(commandLine, process.GetExitCode());

        if (cancellationToken.IsCancellationRequested)
        {
            throw new OperationCanceledException($"Cancelled: {commandLine}", cancellationToken);
        }

        if (!exited)
        {
            throw Failure(FailureMessage(result, $"did not finish within {timeout!.Value.TotalSeconds:0.#} s and was killed"), result.ExitCode);
        }

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

    private static bool WaitForExit(IProcess process, TimeSpan? timeout)
    {
        if (timeout is not { } t || t <= TimeSpan.Zero)
        {
            process.WaitForExit();
            return true;
        }

        if (!process.WaitForExit((int)Math.Min(t.TotalMilliseconds, int.MaxValue)))
        {
            return false;
        }

        process.WaitForExit(); // lets the asynchronous output readers finish
        return true;
    }

    private static void Kill(IProcess process)
    {
        try
        {
            process.Kill();
        }
        catch (InvalidOperationException)
        {
            // already exited
        }
        catch (System.ComponentModel.Win32Exception)
        {
            // already exited
        }
    }
}
