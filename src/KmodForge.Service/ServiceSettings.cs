using KmodForge.Configuration;
using KmodForge.Naming;
using KmodForge.Pipeline;

namespace KmodForge.Service;

/// <summary>Which backend runs the builds the service accepts.</summary>
public enum BuildBackendKind
{
    /// <summary>Builds on this machine with the library's pipeline (the embedded default; needs no GitHub).</summary>
    Local,

    /// <summary>Dispatches the <c>driver-build.yml</c> GitHub Actions workflow and follows its run.</summary>
    GitHub,
}

/// <summary>How the service writes its logs.</summary>
public enum ServiceLogFormat
{
    /// <summary>One readable line per event, with scopes (build id) shown.</summary>
    Simple,

    /// <summary>One JSON object per event (for journald/Loki/etc.), with scopes as properties.</summary>
    Json,
}

/// <summary>
/// Every setting of the build service: <c>--name=value</c> arguments or <c>KMODFORGE_NAME</c> environment variables.
/// ASP.NET Core's own <c>--urls</c> (or <c>ASPNETCORE_URLS</c>) chooses the listen address. GitHub access (token,
/// repository, API address, workflow file, branch) comes from the library's <c>GitHubSettings</c>, bound from the same
/// arguments and environment.
/// </summary>
public sealed class ServiceSettings
{
    [Setting("backend", "Where builds run: local (this machine, the default) or github (workflow_dispatch of the build workflow).")]
    public BuildBackendKind Backend { get; init; } = BuildBackendKind.Local;

    [Setting("state-path", "The SQLite file holding build state; its directory is created when missing.")]
    public string StatePath { get; init; } = Path.Combine("state", "builds.db");

    [Setting("driver-name", "The driver (package) name the service builds; part of every cache key and package file name.")]
    public string DriverName { get; init; } = PackageNaming.DefaultDriverName;

    [Setting("release-tag-template", "The release tag template of published packages ({driver_version}, {distribution}, {distro_version}, {arch}).")]
    public string ReleaseTagTemplate { get; init; } = PackageNaming.DefaultReleaseTagTemplate;

    [Setting("release-store", "Where packages are published and looked up: local (the --release-dir directory) or github (GitHub Releases of --github-repository).")]
    public ReleaseStoreKind ReleaseStore { get; init; } = ReleaseStoreKind.Local;

    [Setting("release-dir", "The local release directory packages are published to and looked up in (local release store).")]
    public string ReleaseDirectory { get; init; } = "releases";

    [Setting("api-tokens", "Bearer tokens accepted on POST /build, comma-separated. Prefer the environment or --api-tokens-file.", Secret = true)]
    public IReadOnlyList<string> ApiTokens { get; init; } = [];

    [Setting("api-tokens-file", "A file with one accepted bearer token per line (blank lines and # comments ignored).")]
    public string? ApiTokensFile { get; init; }

    [Setting("allow-anonymous", "Accept POST /build without a token. Only for a service bound to loopback on a developer machine.")]
    public bool AllowAnonymous { get; init; }

    [Setting("status-requires-token", "Require a bearer token on GET /status/{id} too (default: status reads are open).")]
    public bool StatusRequiresToken { get; init; }

    [Setting("rate-limit-permits", "Requests per client address per window on /build and /status (0 turns rate limiting off).")]
    public int RateLimitPermits { get; init; } = 600;

    [Setting("rate-limit-window", "The rate limit window, in seconds.")]
    public TimeSpan RateLimitWindow { get; init; } = TimeSpan.FromSeconds(60);

    [Setting("max-body-bytes", "The largest request body accepted, in bytes; larger bodies get 413.")]
    public int MaxBodyBytes { get; init; } = 16 * 1024;

    [Setting("poll-interval", "How often unfinished GitHub builds are polled, in seconds.")]
    public TimeSpan PollInterval { get; init; } = TimeSpan.FromSeconds(15);

    [Setting("build-timeout", "How long a build may take from dispatch before it is marked timed_out, in seconds.")]
    public TimeSpan BuildTimeout { get; init; } = TimeSpan.FromMinutes(15);

    [Setting("dispatch-recovery-grace", "After a crash, how long (seconds since the build was created) to look for the run of a build left 'dispatching' before dispatching it again.")]
    public TimeSpan DispatchRecoveryGrace { get; init; } = TimeSpan.FromMinutes(2);

    [Setting("retention", "How long finished builds are kept before they are pruned, in seconds (default 7 days).")]
    public TimeSpan Retention { get; init; } = TimeSpan.FromDays(7);

    [Setting("prune-interval", "How often finished builds older than the retention are pruned, in seconds.")]
    public TimeSpan PruneInterval { get; init; } = TimeSpan.FromHours(1);

    [Setting("published-cache-ttl", "How long a found published package is remembered before the release store is asked again, in seconds.")]
    public TimeSpan PublishedCacheTtl { get; init; } = TimeSpan.FromSeconds(60);

    [Setting("local-parallelism", "Local backend: how many builds run at once on this machine.")]
    public int LocalParallelism { get; init; } = 1;

    [Setting("local-queue-capacity", "Local backend: how many accepted builds may wait for a worker; beyond that POST /build answers 503.")]
    public int LocalQueueCapacity { get; init; } = 256;

    [Setting("shutdown-timeout", "On SIGTERM, how long in-flight requests get to finish, in seconds.")]
    public TimeSpan ShutdownTimeout { get; init; } = TimeSpan.FromSeconds(30);

    [Setting("log-format", "Log format: simple or json.")]
    public ServiceLogFormat LogFormat { get; init; } = ServiceLogFormat.Simple;
}
