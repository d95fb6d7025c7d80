namespace KmodForge.Tests.Actions;

/// <summary>How a <see cref="LocalActionsRunner"/> runs workflows (the machine a self-hosted runner would be).</summary>
public sealed record LocalActionsRunnerOptions
{
    /// <summary>Where runs keep their directories (snapshot, jobs' workspaces, logs, artifacts); a temporary one when null.</summary>
    public string? WorkDirectory { get; init; }

    /// <summary>The environment every step starts from (PATH, HOME, DOTNET_*, KMODFORGE_CACHE_DIR...), before GitHub's variables.</summary>
    public IReadOnlyDictionary<string, string> Environment { get; init; } = DefaultEnvironment();

    /// <summary>
    /// Each job gets an empty HOME of its own, as on a GitHub-hosted runner (a fresh machine per job): nothing a job
    /// leaves under ~ (caches, stores) reaches the next. Keep NuGet's packages by naming a shared NUGET_PACKAGES in
    /// <see cref="Environment"/>.
    /// </summary>
    public bool FreshHomePerJob { get; init; }

    /// <summary>Repository secrets (<c>secrets.X</c>); <c>GITHUB_TOKEN</c> is each job's own token.</summary>
    public IReadOnlyDictionary<string, string> Secrets { get; init; } = new Dictionary<string, string>();

    /// <summary>Repository variables (<c>vars.X</c>), read when a run is created.</summary>
    public IReadOnlyDictionary<string, string> Vars { get; init; } = new Dictionary<string, string>();

    /// <summary>The runner's labels; a job whose <c>runs-on</c> asks for others fails (GitHub would wait forever).</summary>
    public IReadOnlyList<string> Labels { get; init; } = ["self-hosted", "linux", "x64", "ubuntu-latest", "ubuntu-24.04"];

    /// <summary>How many jobs run at once, across all runs (the runner machines).</summary>
    public int Capacity { get; init; } = 2;

    /// <summary>How many runs may be in progress at once (their jobs still share <see cref="Capacity"/>).</summary>
    public int MaxConcurrentRuns { get; init; } = 20;

    /// <summary>The actions/cache storage shared by all runs; under the work directory when null.</summary>
    public string? CacheDirectory { get; init; }

    /// <summary>The node_modules holding @actions/workflow-parser and @actions/expressions (.ci/install.sh installs them).</summary>
    public string? NodeModules { get; init; }

    /// <summary>The repository's default GITHUB_TOKEN permissions when a workflow has no <c>permissions:</c>: restricted or permissive.</summary>
    public string DefaultPermissions { get; init; } = "restricted";

    /// <summary>Who started dispatched runs (<c>github.actor</c>).</summary>
    public string Actor { get; init; } = "kmodforge-bot";

    public static Dictionary<string, string> DefaultEnvironment()
    {
        var env = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var name in new[] { "PATH", "HOME", "LANG", "DOTNET_ROOT", "DOTNET_CLI_HOME", "NUGET_PACKAGES", "KMODFORGE_CACHE_DIR", "CONTAINER_HOST", "DOCKER_HOST", "XDG_RUNTIME_DIR", "TMPDIR" })
        {
            if (System.Environment.GetEnvironmentVariable(name) is { Length: > 0 } value)
            {
                env[name] = value;
            }
        }

        return env;
    }

    internal string ResolveNodeModules()
    {
        if (NodeModules is not null)
        {
            return NodeModules;
        }

        var cache = System.Environment.GetEnvironmentVariable("KMODFORGE_CACHE_DIR") is { Length: > 0 } dir
            ? dir
            : Path.Combine(System.Environment.GetFolderPath(System.Environment.SpecialFolder.UserProfile), ".cache", "kmodforge");
        return Path.Combine(cache, "tools", "node_modules");
    }
}
