using KmodForge.Configuration;
using KmodForge.Errors;
using KmodForge.Naming;
using KmodForge.Targets;

namespace KmodForge.Matrix;

/// <summary>
/// Settings of the nightly matrix (see docs/matrix.md). Bound with <see cref="SettingsBinder"/> from <c>--name=value</c>
/// or <c>KMODFORGE_NAME</c>.
/// </summary>
public sealed class MatrixSettings
{
    public const string DefaultCrawlerUrl = "https://falcosecurity.github.io/kernel-crawler/{arch}/list.json";

    /// <summary>The AL2023 kernel-livepatch repository's CDN mirror list (its first line is the repository base).</summary>
    public const string DefaultLivepatchRepo = Headers.HeaderSourceSettings.DefaultLivepatchRepo;

    [Setting("driver-name", "The driver (package) name, e.g. kmodforge-sample.")]
    public string? DriverName { get; set; } = PackageNaming.DefaultDriverName;

    [Setting("driver-version", "The driver version to build, e.g. v0.5.16. A new version rebuilds every kernel.")]
    public string? DriverVersion { get; set; }

    [Setting("kernels-file", "The kernel list (kernels.json schema). Read in both modes when it exists; required without the crawler.")]
    public string KernelsFile { get; set; } = "kernels.json";

    [Setting("use-kernel-crawler", "Also take kernels from kernel-crawler data (and AL2023 livepatch metadata).")]
    public bool UseKernelCrawler { get; set; }

    [Setting("kernel-crawler-file", "Local kernel-crawler lists instead of downloading: a path with {arch}, or x86_64=path,aarch64=path.")]
    public string? KernelCrawlerFile { get; set; }

    [Setting("kernel-crawler-url", "Where kernel-crawler lists are downloaded from; {arch} is x86_64 or aarch64.")]
    public string KernelCrawlerUrl { get; set; } = DefaultCrawlerUrl;

    [Setting("livepatch-repo", Headers.HeaderSourceSettings.LivepatchRepoDescription)]
    public string LivepatchRepo { get; set; } = DefaultLivepatchRepo;

    [Setting("architectures", "Architectures to build for (comma-separated).")]
    public IReadOnlyList<string> Architectures { get; set; } = ["x86_64", "aarch64"];

    [Setting("chunk-size", "Builds per workflow_dispatch (one GitHub job matrix): 1 to 256.")]
    public int ChunkSize { get; set; } = 50;

    [Setting("runs-on-x86_64", "The runs-on label of x86_64 build jobs.")]
    public string RunsOnX86_64 { get; set; } = "ubuntu-24.04";

    [Setting("runs-on-aarch64", "The runs-on label of aarch64 build jobs.")]
    public string RunsOnAarch64 { get; set; } = "ubuntu-24.04-arm";

    [Setting("matrix-workflow", "The workflow file dispatched once per chunk.")]
    public string MatrixWorkflow { get; set; } = "matrix-build.yml";

    [Setting("matrix-ref", "The branch or tag the matrix workflow runs on.")]
    public string MatrixRef { get; set; } = "main";

    [Setting("matrix-store-prefix", "Store key prefix of the previous matrix and the chunk files.")]
    public string StorePrefix { get; set; } = "matrix";

    [Setting("dry-run", SharedSettingTexts.DryRun)]
    public bool DryRun { get; set; }

    [Setting("dry-run-replaces-previous", "Let a dry run store its matrix as the previous one (by default only a run that dispatched replaces it).")]
    public bool DryRunReplacesPrevious { get; set; }

    [Setting("matrix-max-loss-percent", "Refuse to replace the previous matrix when more than this percentage of its kernels is no longer listed (a crawler outage or a broken list): 0 to 100.")]
    public int MaxLossPercent { get; set; } = 50;

    [Setting("allow-matrix-shrink", "Replace the previous matrix even when the new one lost more than matrix-max-loss-percent of its kernels.")]
    public bool AllowShrink { get; set; }

    [Setting("skip-report", "A file the full skip summary (every reason, detail and count, with examples) is written to.")]
    public string? SkipReport { get; set; }

    /// <summary>Whether this run stores its matrix as the previous one: a real run, or a dry run told to.</summary>
    public bool ReplacesPrevious => !DryRun || DryRunReplacesPrevious;

    [Setting("inline-chunk-max-chars", "A chunk whose dispatch inputs would be longer than this goes by reference (chunk_ref) instead of inline; at most GitHub's 65,535-character payload limit.")]
    public int InlineChunkMaxChars { get; set; } = GitHubLimits.MaxDispatchPayloadChars;

    [Setting("matrix-output-dir", "Where a dry run writes the chunk files.")]
    public string OutputDirectory { get; set; } = "artifacts/matrix";

    [Setting("github-output", "The file outputs for a calling workflow are appended to.", AlsoFromEnvironment = ["GITHUB_OUTPUT"])]
    public string? GitHubOutput { get; set; }

    /// <summary>The runs-on label for an architecture.</summary>
    public string RunsOn(Architecture architecture) => architecture == Architecture.Aarch64 ? RunsOnAarch64 : RunsOnX86_64;

    /// <summary>Checks every setting; one error listing each bad one.</summary>
    public IReadOnlyList<Architecture> Validate()
    {
        var errors = new List<string>();
        if (InputRules.DriverName(DriverName) is { } nameProblem)
        {
            errors.Add($"--driver-name: {Printable.Quote(DriverName)} {nameProblem}");
        }

        if (InputRules.DriverVersion(DriverVersion) is { } versionProblem)
        {
            errors.Add($"--driver-version: {Printable.Quote(DriverVersion)} {versionProblem}");
        }

        if (ChunkSize is < 1 or > GitHubLimits.MaxMatrixJobs)
        {
            errors.Add($"--chunk-size: {ChunkSize} is out of range; accepted: 1 to {GitHubLimits.MaxMatrixJobs} (GitHub runs at most {GitHubLimits.MaxMatrixJobs} jobs per matrix)");
        }

        if (InlineChunkMaxChars is < 0 or > GitHubLimits.MaxDispatchPayloadChars)
        {
            errors.Add($"--inline-chunk-max-chars: {InlineChunkMaxChars} is out of range; accepted: 0 (always by reference) to {GitHubLimits.MaxDispatchPayloadChars} (GitHub's dispatch payload limit)");
        }

        if (MaxLossPercent is < 0 or > 100)
        {
            errors.Add($"--matrix-max-loss-percent: {MaxLossPercent} is out of range; accepted: 0 to 100");
        }

        var architectures = new List<Architecture>();
        foreach (var name in Architectures)
        {
            if (ArchitectureNames.TryParse(name, out var a))
            {
                if (!architectures.Contains(a)) architectures.Add(a);
            }
            else
            {
                errors.Add($"--architectures: {Printable.Quote(name)} is not an architecture; accepted: x86_64, aarch64");
            }
        }

        foreach (var (name, label) in new[] { ("runs-on-x86_64", RunsOnX86_64), ("runs-on-aarch64", RunsOnAarch64), ("matrix-workflow", MatrixWorkflow), ("matrix-ref", MatrixRef) })
        {
            if (string.IsNullOrEmpty(label) || label.Length > 100 || label.Any(c => !(char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' or '/')) || label.Contains("..", StringComparison.Ordinal))
            {
                errors.Add($"--{name}: {Printable.Quote(label)} is not accepted; use letters, digits and - _ . / (at most 100 characters)");
            }
        }

        if (string.IsNullOrEmpty(StorePrefix) || StorePrefix.Split('/').Any(s => s.Length == 0 || s == "." || s == ".." || s.Any(c => !(char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' or '+'))))
        {
            errors.Add($"--matrix-store-prefix: {Printable.Quote(StorePrefix)} is not a store key prefix; use '/'-separated parts of letters, digits and . _ - +");
        }

        if (errors.Count > 0)
        {
            throw new SettingsException(errors);
        }

        return architectures;
    }
}
