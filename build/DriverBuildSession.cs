using KmodForge.Configuration;
using KmodForge.Pipeline;

namespace KmodForge.Build;

/// <summary>
/// The one driver build of this run, shared by the phase tasks (registered as a singleton). ResolveTarget starts it;
/// the later tasks call its phases.
/// </summary>
public sealed class DriverBuildSession(BuildCancellation cancellation)
{
    private DriverBuild? build;

    /// <summary>Cancelled when the build is interrupted.</summary>
    public CancellationToken Cancellation => cancellation.Token;

    public DriverBuild Build => build ?? throw new InvalidOperationException("the ResolveTarget task has not run");

    public bool Started => build is not null;

    public async Task StartAsync(BuildContext context)
    {
        ISettingsProvider settings = context;
        var baseDirectory = context.RepositoryRoot;
        var services = DriverBuildFactory.CreateServices(settings, context.Log, baseDirectory);
        var target = await DriverBuildFactory.ResolveTargetAsync(settings.Get<DriverBuildSettings>(), services, Cancellation).ConfigureAwait(false);
        build = new DriverBuild(target, DriverBuildFactory.CreateOptions(settings, baseDirectory), services);
        context.Log.Info($"target: {target}; package {build.FileName}; release tag {build.Tag}");
    }
}
