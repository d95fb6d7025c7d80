using Cake.Core.Diagnostics;

namespace KmodForge.Diagnostics;

/// <summary>How a build log filters and masks: the verbosity, the secrets, and the clock (a test can pass its own).</summary>
public sealed record BuildLogOptions
{
    public Verbosity Verbosity { get; init; } = Verbosity.Normal;

    public SecretMasker Masker { get; init; } = new();

    public TimeProvider Time { get; init; } = TimeProvider.System;
}
