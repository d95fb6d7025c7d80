using System.Reflection;
using Cake.Cli;
using Cake.Common.Modules;
using Cake.Core;
using Cake.Core.Diagnostics;
using Cake.Core.Modules;
using Cake.Core.Tooling;
using Microsoft.Extensions.DependencyInjection;
using Spectre.Console;

namespace Cake.Frosting;

/// <summary>
/// The build host, shaped like Cake.Frosting's: <c>CakeHost.Create().UseContext&lt;T&gt;().AddAssembly(a).Run(args)</c>.
/// It runs the genuine Cake.Core engine and Cake.Cli script hosts; see docs/cake-host.md.
/// </summary>
public sealed class CakeHost
{
    private readonly ServiceCollection services = CreateServices();
    // Like Cake.Frosting's CakeHost, the entry assembly's tasks are registered without being asked for.
    private readonly List<Assembly> assemblies = Assembly.GetEntryAssembly() is { } entry ? [entry] : [];

    public static CakeHost Create() => new();

    /// <summary>Adds an assembly whose public task classes are registered.</summary>
    public CakeHost AddAssembly(Assembly assembly)
    {
        if (!assemblies.Contains(assembly))
        {
            assemblies.Add(assembly);
        }

        return this;
    }

    /// <summary>Adds or replaces services; later registrations win, so tests can swap the console or the log.</summary>
    public CakeHost ConfigureServices(Action<IServiceCollection> configure)
    {
        configure(services);
        return this;
    }

    /// <summary>Runs the build and returns the process exit code (0 success; a failure's code comes from the <see cref="IFailureReporter"/>).</summary>
    public int Run(IEnumerable<string> args)
    {
        var taskTypes = assemblies.SelectMany(TaskType.Discover).Distinct().ToList();
        foreach (var type in taskTypes)
        {
            services.AddSingleton(typeof(IFrostingTask), type);
        }

        return new HostRun(services, taskTypes).Execute(args.ToList());
    }

    private static ServiceCollection CreateServices()
    {
        var services = new ServiceCollection();
        ServiceCollectionAdapter.Install(services, new CoreModule());
        ServiceCollectionAdapter.Install(services, new CommonModule());
        services.AddSingleton<IConsole, CakeConsole>();
        services.AddSingleton(_ => AnsiConsole.Console);
        services.AddSingleton<ICakeLog>(sp => new CakeBuildLog(sp.GetRequiredService<IConsole>()));
        services.AddSingleton<IFailureReporter>(sp => new ConsoleFailureReporter(sp.GetRequiredService<IConsole>()));
        services.AddSingleton<ICakeReportPrinter, CakeSpectreReportPrinter>();
        services.AddSingleton<IToolInstaller, NoToolInstaller>();
        services.AddSingleton<BuildScriptHost<IFrostingContext>>();
        services.AddSingleton<DryRunScriptHost<IFrostingContext>>();
        services.AddSingleton<TreeScriptHost>();
        services.AddSingleton<DescriptionScriptHost>();
        services.AddSingleton<FrostingContext>();
        services.AddSingleton<IFrostingContext>(sp => sp.GetRequiredService<FrostingContext>());
        services.AddSingleton<TaskRegistrar>();
        return services;
    }
}
