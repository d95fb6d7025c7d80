using System.Collections.Concurrent;
using KmodForge.GitHub;

namespace KmodForge.Tests.Service.Support;

/// <summary>An <see cref="IWorkflowDispatcher"/> that records every dispatch (and can be told to fail or be slow).</summary>
public sealed class RecordingDispatcher : IWorkflowDispatcher
{
    private readonly ConcurrentQueue<(string Workflow, string Ref, IReadOnlyDictionary<string, string> Inputs)> dispatches = new();

    public TimeSpan Delay { get; set; }

    public Exception? Failure { get; set; }

    public int Count => dispatches.Count;

    public IReadOnlyList<(string Workflow, string Ref, IReadOnlyDictionary<string, string> Inputs)> Dispatches => dispatches.ToArray();

    /// <summary>Called after a dispatch is recorded (the scripted GitHub uses it to create the run).</summary>
    public Action<IReadOnlyDictionary<string, string>>? OnDispatch { get; set; }

    public async Task DispatchAsync(string workflowFile, string gitRef, IReadOnlyDictionary<string, string> inputs, CancellationToken cancellationToken)
    {
        if (Delay > TimeSpan.Zero)
        {
            await Task.Delay(Delay, cancellationToken);
        }

        if (Failure is not null)
        {
            throw Failure;
        }

        dispatches.Enqueue((workflowFile, gitRef, inputs));
        OnDispatch?.Invoke(inputs);
    }
}
