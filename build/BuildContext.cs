using System.Collections.Concurrent;
using Cake.Core;
using Cake.Frosting;
using KmodForge.Configuration;
using KmodForge.Diagnostics;

namespace KmodForge.Build;

/// <summary>
/// The context every build task receives: Cake's context, typed settings bound from arguments and environment
/// variables, and the KmodForge build log (console or GitHub Actions, secrets masked).
/// </summary>
public sealed class BuildContext : FrostingContext, ISettingsProvider
{
    private readonly ConcurrentDictionary<Type, object> settings = new();
    private readonly Lazy<IBuildLog> log;

    /// <param name="context">Cake's context.</param>
    /// <param name="secrets">The host's secret masker (shared with Cake's log and the host's error messages); a new one when none is registered.</param>
    public BuildContext(ICakeContext context, SecretMasker? secrets = null)
        : base(context)
    {
        Secrets = secrets ?? new SecretMasker();
        log = new Lazy<IBuildLog>(() => BuildLogFactory.Create(
            new BuildLogOptions { Verbosity = (LogVerbosity)(int)context.Log.Verbosity, Masker = Secrets }, EnvironmentVariable));
        Summary = GitHubStepSummary.FromEnvironment(EnvironmentVariable, Secrets);
    }

    /// <summary>Every secret setting value read so far; all build output is masked with it.</summary>
    public SecretMasker Secrets { get; }

    /// <summary>The KmodForge build log (hides Cake's <c>ICakeContext.Log</c>, which stays reachable through the interface).</summary>
    public new IBuildLog Log => log.Value;

    /// <summary>The GitHub job summary, or null outside GitHub Actions.</summary>
    public GitHubStepSummary? Summary { get; }

    /// <summary>
    /// The settings of type <typeparamref name="T"/>, bound once from <c>--name=value</c> arguments and
    /// <c>KMODFORGE_NAME</c> environment variables (the argument wins). Secret values are registered for masking.
    /// </summary>
    /// <exception cref="SettingsException">A value is not accepted; the message names the setting.</exception>
    public T Settings<T>()
        where T : new() =>
        (T)settings.GetOrAdd(typeof(T), _ =>
        {
            var bound = SettingsBinder.Bind<T>(Argument, EnvironmentVariable);
            foreach (var (property, setting) in SettingsBinder.Describe(typeof(T)).Where(s => s.Setting.Secret))
            {
                Secrets.Add(property.GetValue(bound)?.ToString());
            }

            return bound!;
        });

    T ISettingsProvider.Get<T>() => Settings<T>();

    /// <summary>The checkout holding docker/ and samples/: --repository-root, else the working directory (build.sh runs from the root).</summary>
    public string RepositoryRoot => System.IO.Path.GetFullPath(Settings<KmodForge.Pipeline.DriverBuildSettings>().RepositoryRoot ?? Environment.WorkingDirectory.FullPath);

    private string? Argument(string name) =>
        Arguments.HasArgument(name) ? Arguments.GetArguments(name).LastOrDefault() : null;

    /// <summary>An environment variable; set-but-empty counts as unset (CI systems pass empty inputs that way).</summary>
    private string? EnvironmentVariable(string name) =>
        Environment.GetEnvironmentVariable(name) is { Length: > 0 } value ? value : null;
}
