using Cake.Core;
using Cake.Frosting;
using KmodForge.Build;
using KmodForge.Build.Host;
using KmodForge.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Spectre.Console;

namespace KmodForge.Tests.BuildHost;

/// <summary>Runs the real host in-process over this assembly's test tasks, with a captured console and environment.</summary>
public sealed class HostHarness
{
    private readonly StringWriter output = new();
    private readonly StringWriter error = new();

    public TaskJournal Journal { get; } = new();

    /// <summary>Variables the build sees; GitHub Actions is switched off so the log is the console one.</summary>
    public Dictionary<string, string?> Environment { get; } = new() { ["GITHUB_ACTIONS"] = null, ["GITHUB_STEP_SUMMARY"] = null };

    public bool WithLifetime { get; init; }

    /// <summary>Run with the real build's lifetime (<see cref="FailureSummaryLifetime"/>: the failure summary, the not-applicable exit code, the matrix outcome record).</summary>
    public bool WithFailureSummary { get; init; }

    /// <summary>Run the real build's tasks (build/Tasks, with its settings and session) instead of the test tasks.</summary>
    public bool RealBuildTasks { get; init; }

    public string Output => output.ToString();

    public string Error => error.ToString();

    public int Run(params string[] args)
    {
        var host = CakeHost.Create()
            .UseKmodForge()
            .UseContext<BuildContext>()
            .UseSettings<HostTestSettings>()
            .UseSettings<KmodForge.Pipeline.DriverBuildSettings>()
            .AddAssembly(RealBuildTasks ? typeof(DriverBuildSession).Assembly : typeof(HostHarness).Assembly)
            .ConfigureServices(services =>
            {
                services.AddSingleton<BuildCancellation>().AddSingleton<DriverBuildSession>();
                services.AddSingleton(Journal);
                services.AddSingleton<IConsole>(new CapturingConsole(output, error));
                services.AddSingleton(AnsiConsole.Create(new AnsiConsoleSettings
                {
                    Ansi = AnsiSupport.No,
                    ColorSystem = ColorSystemSupport.NoColors,
                    Out = new AnsiConsoleOutput(output),
                }));
                services.AddSingleton<ICakeEnvironment>(new OverlayEnvironment(new CakeEnvironment(new CakePlatform(), new CakeRuntime()), Environment));
            });
        if (WithFailureSummary)
        {
            host.UseLifetime<FailureSummaryLifetime>();
        }
        else if (WithLifetime)
        {
            host.UseLifetime<TestLifetime>().UseTaskLifetime<TestTaskLifetime>();
        }

        // The real tasks read the checkout's files (build/prerequisites.txt...): point them at it, as ./build.sh's working directory does.
        return host.Run(RealBuildTasks && !args.Any(a => a.StartsWith("--repository-root=", StringComparison.Ordinal))
            ? [.. args, "--repository-root=" + RepoPaths.Root]
            : args);
    }
}
