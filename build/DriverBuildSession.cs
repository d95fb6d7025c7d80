using System.Runtime.InteropServices;
using KmodForge.Configuration;
using KmodForge.Pipeline;

namespace KmodForge.Build;

/// <summary>
/// The one driver build of this run, shared by the phase tasks (registered as a singleton). ResolveTarget starts it;
/// the later tasks call its phases.
/// </summary>
public sealed class DriverBuildSession : IDisposable
{
    private readonly CancellationTokenSource cancellation = new();
    private readonly PosixSignalRegistration[] signals;
    private DriverBuild? build;

    public DriverBuildSession()
    {
        // Ctrl+C or a CI cancellation (SIGTERM) cancels the running phase: containers are stopped, temp files removed.
        signals = [.. new[] { PosixSignal.SIGINT, PosixSignal.SIGTERM }.Select(signal => PosixSignalRegistration.Create(signal, context =>
        {
            context.Cancel = !cancellation.IsCancellationRequested;
            cancellation.Cancel();
        }))];
    }

    /// <summary>Cancelled when the build is interrupted.</summary>
    public CancellationToken Cancellation => cancellation.Token;

    public DriverBuild Build => build ?? throw new InvalidOperationException("the ResolveTarget task has not run");

    public bool Started => build is not null;

    public async Task StartAsync(BuildContext context)
    {
        ISettingsProvider settings = new BuildContextSettings(context);
        var baseDirectory = context.Environment.WorkingDirectory.FullPath;
        var services = DriverBuildFactory.CreateServices(settings, context.Log, baseDirectory);
        var target = await DriverBuildFactory.ResolveTargetAsync(settings.Get<DriverBuildSettings>(), services, Cancellation).ConfigureAwait(false);
        build = new DriverBuild(target, DriverBuildFactory.CreateOptions(settings, baseDirectory), services);
        context.Log.Info($"target: {target}; package {build.FileName}; release tag {build.Tag}");
    }

    public void Dispose()
    {
        foreach (var signal in signals)
        {
            signal.Dispose();
        }

        cancellation.Dispose();
    }

    private sealed class BuildContextSettings(BuildContext context) : ISettingsProvider
    {
        public T Get<T>() where T : new() => context.Settings<T>();
    }
}
