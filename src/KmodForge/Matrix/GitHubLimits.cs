namespace KmodForge.Matrix;

/// <summary>
/// GitHub Actions limits the fan-out must respect (docs.github.com, "Actions limits", "Events that trigger workflows",
/// "Passing information between jobs").
/// </summary>
public static class GitHubLimits
{
    /// <summary>A job matrix generates at most 256 jobs per workflow run.</summary>
    public const int MaxMatrixJobs = 256;

    /// <summary>At most this many chunks (workflow_dispatch runs) per matrix run; more is an error, never a partial dispatch.</summary>
    public const int MaxChunks = 256;

    /// <summary>
    /// workflow_dispatch inputs a workflow may define. GitHub allowed 10 for years and raised it to 25 (Dec 2025);
    /// the matrix-build workflow uses 6, under both.
    /// </summary>
    public const int MaxDispatchInputs = 10;

    /// <summary>The maximum payload of a workflow_dispatch's inputs, in characters.</summary>
    public const int MaxDispatchPayloadChars = 65_535;

    /// <summary>Outputs of one job (approximated in UTF-16 by GitHub): at most 1 MB.</summary>
    public const int MaxJobOutputBytes = 1024 * 1024;

    /// <summary>All outputs of a workflow run: at most 50 MB.</summary>
    public const long MaxRunOutputBytes = 50L * 1024 * 1024;
}
