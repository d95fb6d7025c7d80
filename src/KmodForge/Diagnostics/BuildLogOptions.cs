namespace KmodForge.Diagnostics;

/// <summary>How a build log filters and masks: the verbosity, the secrets, and the clock (a test can pass its own).</summary>
public sealed record BuildLogOptions
{
    public LogVerbosity Verbosity { get; init; } = LogVerbosity.Normal;

    public SecretMasker Masker { get; init; } = new();

    public TimeProvider Time { get; init; } = TimeProvider.System;
}
