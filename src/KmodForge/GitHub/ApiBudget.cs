using System.Globalization;

namespace KmodForge.GitHub;

/// <summary>A token's REST budget as GitHub reports it (<c>x-ratelimit-limit</c>, <c>-remaining</c>, <c>-reset</c>).</summary>
public sealed record RateBudget(int Limit, int Remaining, DateTimeOffset Reset)
{
    /// <summary>The budget from a response's headers, or null when they are missing or malformed.</summary>
    public static RateBudget? FromHeaders(Func<string, string?> header) =>
        int.TryParse(header("x-ratelimit-limit"), NumberStyles.Integer, CultureInfo.InvariantCulture, out var limit)
        && int.TryParse(header("x-ratelimit-remaining"), NumberStyles.Integer, CultureInfo.InvariantCulture, out var remaining)
        && long.TryParse(header("x-ratelimit-reset"), NumberStyles.Integer, CultureInfo.InvariantCulture, out var reset)
            ? new RateBudget(limit, remaining, DateTimeOffset.FromUnixTimeSeconds(reset))
            : null;
}

/// <summary>
/// The REST requests a nightly makes, and the early warning when they exceed the token's budget. The counts are those
/// of <see cref="GitHubReleaseStore"/> and <see cref="GitHubWorkflowDispatcher"/> (docs/github.md, "API budget"):
/// <list type="bullet">
/// <item>the matrix: one dispatch per chunk (reading <c>/rate_limit</c> is free);</item>
/// <item>a build whose package is new: one release read, plus one upload per asset;</item>
/// <item>a release created: one more request, the first time a shard's tag is published;</item>
/// <item>a build whose package is already published: none (it is seen through the release's download URL) in a
/// public repository, one release read in a private one.</item>
/// </list>
/// </summary>
public static class ApiBudget
{
    /// <summary>
    /// Assets a package is published as: the package, its <c>.sha256</c> and its signature (<c>.minisig</c>). Budgets are
    /// planned for three even where the signature is not published, so that signing never breaks them.
    /// </summary>
    public const int AssetsPerPackage = Naming.PackageNaming.AssetsPerPackage;

    /// <summary>REST requests of one build job that publishes a new package.</summary>
    public const int RequestsPerBuild = 1 + AssetsPerPackage;

    /// <summary>Requests of a nightly: <c>chunks + builds × (1 + assets per package) + new releases</c>.</summary>
    public static long Nightly(long builds, long chunks, long newReleases) => chunks + (builds * RequestsPerBuild) + newReleases;

    /// <summary>
    /// A warning when <paramref name="projected"/> requests exceed what the token has left before its reset, naming the
    /// budget, when it resets, how many resets the run will wait for, and the token that fits; null when they fit.
    /// </summary>
    public static string? Warning(string what, long projected, RateBudget budget, DateTimeOffset now)
    {
        if (projected <= budget.Remaining)
        {
            return null;
        }

        var c = CultureInfo.InvariantCulture;
        var beyond = projected - budget.Remaining;
        var hours = budget.Limit > 0 ? (beyond + budget.Limit - 1) / budget.Limit : long.MaxValue;
        var resetIn = budget.Reset - now;
        return string.Create(c,
            $"{what} is projected to make {projected:N0} GitHub REST requests, but the token has {budget.Remaining:N0} of {budget.Limit:N0} left until " +
            $"{budget.Reset.UtcDateTime:HH:mm} UTC (in {Math.Max(0, (int)resetIn.TotalMinutes)} min): the jobs will wait for " +
            $"{(hours == long.MaxValue ? "resets that never come" : $"{hours} more hourly reset(s)")}, and fail where a wait exceeds --github-max-rate-limit-wait. " +
            $"A job's GITHUB_TOKEN allows 1,000 requests an hour per repository (15,000 on GitHub Enterprise Cloud); a GitHub App token 5,000 to 12,500; " +
            $"see docs/github.md, \"API budget\", for the token that fits {projected:N0} requests.");
    }
}
