using System.Runtime.InteropServices;

namespace KmodForge.Build;

/// <summary>
/// Cancelled when the build is interrupted (Ctrl+C, or SIGTERM when CI cancels a job), so the running phase stops its
/// containers and transfers and removes its temporary files. One per run (a DI singleton).
/// </summary>
public sealed class BuildCancellation : IDisposable
{
    private readonly CancellationTokenSource source = new();
    private readonly PosixSignalRegistration[] signals;

    public BuildCancellation()
    {
        signals = [.. new[] { PosixSignal.SIGINT, PosixSignal.SIGTERM }.Select(signal => PosixSignalRegistration.Create(signal, context =>
        {
            context.Cancel = !source.IsCancellationRequested;
            source.Cancel();
        }))];
    }

    public CancellationToken Token => source.Token;

    public void Dispose()
    {
        foreach (var signal in signals)
        {
            signal.Dispose();
        }

        source.Dispose();
    }
}
