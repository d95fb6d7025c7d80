using System.Text.RegularExpressions;
using KmodForge.Configuration;
using KmodForge.Errors;
using KmodForge.Targets;

namespace KmodForge.GitHub;

/// <summary>
/// How KmodForge reaches GitHub: token, repository, API address, release tag template, workflow names, and the
/// network limits (timeouts, retries, the longest wait for a rate-limit reset). In GitHub Actions the token, repository,
/// API and server URLs and the run id come from the runner's own environment variables.
/// </summary>
public sealed partial class GitHubSettings
{
    [Setting("github-token", "Token for the GitHub API (needs contents: write to publish, pull-requests: write for the add-kernel PR, actions: write to dispatch)",
        Secret = true, AlsoFromEnvironment = ["GITHUB_TOKEN"])]
    public string? Token { get; init; }

    [Setting("github-repository", "The repository as owner/name", AlsoFromEnvironment = ["GITHUB_REPOSITORY"])]
    public string? Repository { get; init; }

    [Setting("github-api-url", "The REST API address: https://api.github.com, or a GitHub Enterprise server (its /api/v3 is added when missing)",
        AlsoFromEnvironment = ["GITHUB_API_URL"])]
    public string ApiUrl { get; init; } = "https://api.github.com";

    [Setting("github-server-url", "The web address, for links to runs and pull requests", AlsoFromEnvironment = ["GITHUB_SERVER_URL"])]
    public string ServerUrl { get; init; } = "https://github.com";

    [Setting("github-run-id", "The Actions run that is building (linked from the add-kernel pull request)", AlsoFromEnvironment = ["GITHUB_RUN_ID"])]
    public string? RunId { get; init; }

    [Setting("github-default-branch", "The branch pull requests target and workflows are dispatched on (default: the repository's default branch)")]
    public string? DefaultBranch { get; init; }

    [Setting("matrix-build-workflow", "The workflow file the matrix generator dispatches per chunk")]
    public string MatrixBuildWorkflow { get; init; } = "matrix-build.yml";

    [Setting("driver-build-workflow", "The workflow file the build service dispatches per on-demand build")]
    public string DriverBuildWorkflow { get; init; } = "driver-build.yml";

    [Setting("github-request-timeout", "Seconds one API request may take before it is retried")]
    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromSeconds(60);

    [Setting("github-upload-timeout", "Seconds one asset upload or download may take")]
    public TimeSpan TransferTimeout { get; init; } = TimeSpan.FromMinutes(30);

    [Setting("github-attempts", "Attempts per API call on transient faults (5xx, timeouts, connection errors)")]
    public int MaxAttempts { get; init; } = 4;

    [Setting("github-max-rate-limit-wait", "Longest wait, in seconds, for a rate limit to reset before giving up")]
    public TimeSpan MaxRateLimitWait { get; init; } = TimeSpan.FromMinutes(15);

    /// <summary>Delay before the first retry (doubling after); lowered by tests.</summary>
    public TimeSpan RetryBaseDelay { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Checks the settings GitHub access needs; throws <see cref="SettingsException"/> naming each bad one.</summary>
    /// <summary>These settings after <see cref="Validate"/> (for fluent wiring).</summary>
    public GitHubSettings Validated()
    {
        Validate();
        return this;
    }

    public (string Owner, string Name) Validate()
    {
        var errors = new List<string>();
        if (string.IsNullOrWhiteSpace(Token))
        {
            errors.Add("--github-token / KMODFORGE_GITHUB_TOKEN / GITHUB_TOKEN: (missing) a token is required to use the GitHub API");
        }

        var repository = Repository ?? string.Empty;
        if (!RepositoryShape().IsMatch(repository))
        {
            errors.Add($"--github-repository / GITHUB_REPOSITORY: {Printable.Quote(Repository)} is not a repository; accepted: owner/name (letters, digits, '-', '_', '.')");
        }

        if (!Uri.TryCreate(ApiUrl, UriKind.Absolute, out var api) || api.Scheme is not ("https" or "http") || !string.IsNullOrEmpty(api.Query))
        {
            errors.Add($"--github-api-url / GITHUB_API_URL: {Printable.Quote(ApiUrl)} is not an http(s) address without a query");
        }

        if (DefaultBranch is not null && InvalidBranch(DefaultBranch))
        {
            errors.Add($"--github-default-branch: {Printable.Quote(DefaultBranch)} is not a branch name");
        }

        foreach (var (name, file) in new[] { ("matrix-build-workflow", MatrixBuildWorkflow), ("driver-build-workflow", DriverBuildWorkflow) })
        {
            if (!WorkflowFileShape().IsMatch(file))
            {
                errors.Add($"--{name}: {Printable.Quote(file)} is not a workflow file name; accepted: name.yml or name.yaml");
            }
        }

        if (MaxAttempts is < 1 or > 20)
        {
            errors.Add($"--github-attempts: '{MaxAttempts}' is out of range; accepted: 1 to 20");
        }

        if (errors.Count > 0)
        {
            throw new SettingsException(errors);
        }

        var slash = repository.IndexOf('/', StringComparison.Ordinal);
        return (repository[..slash], repository[(slash + 1)..]);
    }

    /// <summary>True when <paramref name="name"/> breaks git's ref-name rules (or holds characters unsafe in a URL path).</summary>
    public static bool InvalidBranch(string name) =>
        !BranchShape().IsMatch(name) || name.Contains("..", StringComparison.Ordinal) || name.Contains("//", StringComparison.Ordinal)
        || name.EndsWith('/') || name.EndsWith(".lock", StringComparison.Ordinal) || name.EndsWith('.');

    public static bool IsWorkflowFile(string name) => WorkflowFileShape().IsMatch(name);

    [GeneratedRegex(@"^[A-Za-z0-9][A-Za-z0-9-]{0,38}/[A-Za-z0-9._-]{1,100}$", RegexOptions.CultureInvariant)]
    private static partial Regex RepositoryShape();

    [GeneratedRegex(@"^[A-Za-z0-9_][A-Za-z0-9._+/-]{0,199}$", RegexOptions.CultureInvariant)]
    private static partial Regex BranchShape();

    [GeneratedRegex(@"^[A-Za-z0-9][A-Za-z0-9._-]{0,99}\.ya?ml$", RegexOptions.CultureInvariant)]
    private static partial Regex WorkflowFileShape();
}
