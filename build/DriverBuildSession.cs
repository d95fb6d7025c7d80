using KmodForge.Configuration;
using KmodForge.Errors;
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

    public DriverBuild Build => build ?? throw new PhaseOrderException(
        "this phase needs the target ResolveTarget resolves and the results of the phases before it, so it cannot run with --exclusive. " +
        "Run the same target without --exclusive: the phases before it reuse the cached base image and header layer, so they take seconds.");

    public bool Started => build is not null;

    /// <summary>The exit code the host gives a not-applicable outcome (--not-applicable-exit-code), once the failure summary read it.</summary>
    public int? NotApplicableExitCode { get; set; }

    /// <summary>
    /// Whether the phases after CheckPublished should run: yes until the build is known to be published. Before
    /// ResolveTarget ran (a --dryrun walk, which evaluates criteria without running tasks) the answer is yes.
    /// </summary>
    public bool NeedsBuilding => build is null || !build.AlreadyPublished;

    public async Task StartAsync(BuildContext context)
    {
        ISettingsProvider settings = context;
        var baseDirectory = context.RepositoryRoot;
        // The dkms.conf defaults (driver name and version) are read once, for the options and the target alike.
        var driver = DkmsSettingsDefaults.Apply(settings.Get<DriverBuildSettings>(), baseDirectory);
        var options = DriverBuildFactory.CreateOptions(settings, driver, baseDirectory); // checks the options before any container work
        var services = DriverBuildFactory.CreateServices(settings, context.Log, baseDirectory);
        var target = await DriverBuildFactory.ResolveTargetAsync(driver, services, Cancellation).ConfigureAwait(false);
        build = new DriverBuild(target, options, services);
        await build.PrepareSourceAsync(Cancellation).ConfigureAwait(false);
        context.Log.Info($"target: {target}; package {build.FileName}; release tag {build.Tag}");
    }
}

/// <summary>A phase task was run without the phases it depends on (an expected failure: one message, no stack trace).</summary>
public sealed class PhaseOrderException(string message) : InvalidInputException(message);
