using Cake.Cli;
using Cake.Core;
using Cake.Core.Configuration;
using Cake.Core.Diagnostics;
using Cake.Core.IO;
using Cake.Core.Scripting;
using Microsoft.Extensions.DependencyInjection;

namespace Cake.Frosting;

/// <summary>One run of the host: parse, build the container, register tasks, pick the script host, run, report failures.</summary>
internal sealed class HostRun(IServiceCollection services, IReadOnlyList<Type> taskTypes)
{
    public int Execute(IReadOnlyList<string> args)
    {
        HostOptions options;
        try
        {
            options = HostArgumentParser.Parse(args);
        }
        catch (FrostingException e)
        {
            return FallbackFailure(e);
        }

        // Cake's configuration (CAKE_* variables, cake.config) sees the arguments too, as in Cake.Frosting.
        var lookup = options.ToLookup();
        services.AddSingleton<ICakeArguments>(new CakeArguments(lookup));
        services.AddSingleton<ICakeConfiguration>(sp => new CakeConfigurationProvider(sp.GetRequiredService<IFileSystem>(), sp.GetRequiredService<ICakeEnvironment>())
            .CreateConfiguration(sp.GetRequiredService<ICakeEnvironment>().WorkingDirectory, lookup.ToDictionary(g => g.Key, g => g.Last(), StringComparer.OrdinalIgnoreCase)));
        using var provider = services.BuildServiceProvider();
        var console = provider.GetRequiredService<IConsole>();
        var failures = provider.GetRequiredService<IFailureReporter>();
        try
        {
            provider.GetRequiredService<ICakeLog>().Verbosity = options.Verbosity;
            var help = new HelpPrinter(console, taskTypes, provider.GetServices<IHelpSection>());
            if (options.Mode == HostMode.Help || (!options.TargetGiven && options.Mode is (HostMode.Run or HostMode.DryRun) && !HasTask(HostOptions.DefaultTarget)))
            {
                help.Print();
                return 0;
            }

            if (options.Mode is (HostMode.Run or HostMode.DryRun) && options.Targets.FirstOrDefault(t => !HasTask(t)) is { } missing)
            {
                return failures.Report(new FrostingException(
                    $"There is no task named '{missing}'. Tasks: {TaskList()}."));
            }

            provider.GetRequiredService<TaskRegistrar>().Register();
            var host = ScriptHost(provider, options.Mode);
            if (options.Exclusive)
            {
                host.Settings.UseExclusiveTarget();
            }

            host.RunTargets(options.Targets);
            return 0;
        }
        catch (Exception e)
        {
            return failures.Report(e);
        }
    }

    private string TaskList() => taskTypes.Count == 0
        ? "(none)"
        : string.Join(", ", taskTypes.Select(TaskType.Name).Order(StringComparer.OrdinalIgnoreCase));

    private bool HasTask(string name) =>
        taskTypes.Any(t => string.Equals(TaskType.Name(t), name, StringComparison.OrdinalIgnoreCase));

    private static IScriptHost ScriptHost(IServiceProvider provider, HostMode mode) => mode switch
    {
        HostMode.DryRun => provider.GetRequiredService<DryRunScriptHost<IFrostingContext>>(),
        HostMode.Tree => provider.GetRequiredService<TreeScriptHost>(),
        HostMode.Description => provider.GetRequiredService<DescriptionScriptHost>(),
        _ => provider.GetRequiredService<BuildScriptHost<IFrostingContext>>(),
    };

    private int FallbackFailure(Exception e)
    {
        using var provider = services.BuildServiceProvider();
        return provider.GetRequiredService<IFailureReporter>().Report(e);
    }
}
