namespace KmodForge.Errors;

/// <summary>The exit codes of the build host, the service and the loader (docs/architecture.md lists them).</summary>
public static class ExitCodes
{
    public const int Success = 0;

    /// <summary>An expected failure: one message says what went wrong and what to do.</summary>
    public const int Failed = 1;

    /// <summary>Invalid input: a setting, an option or a build target the user gave (EX_USAGE would be 64; 2 as in most CLIs).</summary>
    public const int InvalidInput = 2;

    /// <summary>The driver does not apply to the target (a dkms.conf BUILD_EXCLUSIVE_* rule excludes it): an outcome, not a failure (EX_UNAVAILABLE would be 69).</summary>
    public const int NotApplicable = 3;

    /// <summary>A bug: the stack trace follows (EX_SOFTWARE).</summary>
    public const int Bug = 70;

    /// <summary>Cancelled (Ctrl+C, SIGTERM): 128 + SIGINT.</summary>
    public const int Cancelled = 130;
}
