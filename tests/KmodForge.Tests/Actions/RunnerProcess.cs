using System.Diagnostics;
using System.Text;
using System.Text.Json.Nodes;

namespace KmodForge.Tests.Actions;

/// <summary>
/// One <c>node runner.mjs request.json</c> process: its JSON-line events read in order and handed to a callback, lines
/// written to its stdin (<c>start</c>, <c>cancel</c>, answers), killed with its whole process tree on dispose.
/// </summary>
internal sealed class RunnerProcess : IDisposable
{
    private readonly Process process;
    private readonly StringBuilder errors = new();
    private readonly object writeGate = new();
    private readonly TaskCompletionSource<JsonObject> first = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Task reader;

    private RunnerProcess(Process process, Action<JsonObject> onEvent, Action onExit)
    {
        this.process = process;
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                lock (errors)
                {
                    errors.AppendLine(e.Data);
                }
            }
        };
        process.BeginErrorReadLine();
        reader = Task.Run(async () =>
        {
            string? line;
            while ((line = await process.StandardOutput.ReadLineAsync().ConfigureAwait(false)) is not null)
            {
                JsonObject? message;
                try
                {
                    message = JsonNode.Parse(line) as JsonObject;
                }
                catch (System.Text.Json.JsonException)
                {
                    message = null;
                }

                if (message is null)
                {
                    lock (errors)
                    {
                        errors.AppendLine("stdout: " + line);
                    }

                    continue;
                }

                first.TrySetResult(message);
                onEvent(message);
            }

            await process.WaitForExitAsync().ConfigureAwait(false);
            first.TrySetException(new InvalidOperationException($"the runner exited ({process.ExitCode}) before validating the workflow: {Errors}"));
            onExit();
        });
    }

    /// <summary>The first event: <c>accepted</c> or <c>rejected</c>.</summary>
    public Task<JsonObject> FirstEvent => first.Task;

    public Task Finished => reader;

    public string Errors
    {
        get
        {
            lock (errors)
            {
                return errors.ToString();
            }
        }
    }

    public static RunnerProcess Start(string script, string requestPath, Action<JsonObject> onEvent, Action onExit)
    {
        var start = new ProcessStartInfo("node")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(script);
        start.ArgumentList.Add(requestPath);
        var process = Process.Start(start) ?? throw new InvalidOperationException("node could not be started");
        return new RunnerProcess(process, onEvent, onExit);
    }

    /// <summary>Writes one line to the runner; ignored once it has exited.</summary>
    public void Send(string line)
    {
        lock (writeGate)
        {
            try
            {
                if (!process.HasExited)
                {
                    process.StandardInput.WriteLine(line);
                    process.StandardInput.Flush();
                }
            }
            catch (IOException)
            {
            }
            catch (InvalidOperationException)
            {
            }
        }
    }

    public void Send(JsonObject message) => Send(message.ToJsonString());

    /// <summary>Closes stdin: the runner cancels what is left and exits.</summary>
    public void CloseInput()
    {
        lock (writeGate)
        {
            try
            {
                process.StandardInput.Close();
            }
            catch (IOException)
            {
            }
        }
    }

    public async Task<bool> WaitForExitAsync(TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(cts.Token).ConfigureAwait(false);
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    public void Kill()
    {
        try
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }
        }
        catch (InvalidOperationException)
        {
        }
    }

    public void Dispose()
    {
        Kill();
        process.Dispose();
    }
}
