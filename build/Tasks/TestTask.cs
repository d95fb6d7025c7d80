using Cake.Frosting;
using KmodForge.Containers.Tooling;
using KmodForge.Errors;
using KmodForge.Images;
using KmodForge.Setup;

namespace KmodForge.Build.Tasks;

[TaskName("Test")]
[IsDependentOn(typeof(PrerequisitesTask))]
[TaskDescription("Brings what the tests need (Prerequisites for tests, then the npm tools), then runs `dotnet test KmodForge.sln -c Release` with its own output (--test-filter, --test-logger, --test-no-build).")]
public sealed class TestTask(BuildCancellation cancellation) : AsyncFrostingTask<BuildContext>
{
    public override async Task RunAsync(BuildContext context)
    {
        var list = PrerequisiteList.Load(context.RepositoryRoot);
        var tools = NpmTools.Directory(context.Settings<BaseImageSettings>().ResolvedCacheDirectory);
        await new NpmTools(e => new HostCommand(e), context.Log, context.Settings<PrerequisiteSettings>().Timeout).EnsureAsync(list, tools, cancellation.Token);

        var arguments = TestRun.Arguments(context.Settings<TestSettings>());
        if (!arguments.Contains("--no-build"))
        {
            TestRun.DetachAssemblies(AppContext.BaseDirectory); // dotnet test rebuilds build/Build.csproj's output, which this host runs from
        }

        context.Log.Info("dotnet " + string.Join(' ', arguments.Select(a => a.Contains(' ', StringComparison.Ordinal) || a.Contains(';', StringComparison.Ordinal) ? $"\"{a}\"" : a)));
        var exitCode = await TestRun.RunAsync(arguments, context.RepositoryRoot, cancellation.Token);
        if (exitCode != 0)
        {
            throw new TestsFailedException($"dotnet test exited with code {exitCode} (its output above says which tests failed).");
        }
    }
}

/// <summary>dotnet test failed: an expected failure (exit code 1), its own output already printed.</summary>
public sealed class TestsFailedException(string message) : KmodForgeException(message);
