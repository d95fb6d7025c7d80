using Cake.Core;
using Cake.Core.Diagnostics;
using Cake.Frosting;
using KmodForge.Diagnostics;
using Microsoft.Extensions.DependencyInjection;

namespace KmodForge.Build.Host;

/// <summary>
/// What KmodForge adds to the Cake.Frosting host: secret masking on the console and the log, the shared failure policy,
/// and the settings in <c>--help</c>. Registered through <see cref="CakeHost.ConfigureServices"/> only, so it works the
/// same over the real Cake.Frosting package.
/// </summary>
public static class KmodForgeHostExtensions
{
    public static CakeHost UseKmodForge(this CakeHost host) =>
        host.ConfigureServices(services =>
        {
            services.AddSingleton<SecretMasker>();
            services.AddSingleton<ICakeLog>(sp => new CakeBuildLog(Masked(sp)));
            services.AddSingleton<IFailureReporter>(sp => new FailureReporter(Masked(sp), () => sp.GetService<DriverBuildSession>()?.NotApplicableExitCode));
            services.AddSingleton<IHelpSection, SettingsHelp>();
        });

    /// <summary>Lists a settings class (<c>[Setting]</c> properties) in <c>--help</c>.</summary>
    public static CakeHost UseSettings<TSettings>(this CakeHost host)
        where TSettings : new() =>
        host.ConfigureServices(s => s.AddSingleton(new SettingsRegistration(typeof(TSettings))));

    private static MaskingConsole Masked(IServiceProvider services) =>
        new(services.GetRequiredService<IConsole>(), services.GetRequiredService<SecretMasker>());
}
