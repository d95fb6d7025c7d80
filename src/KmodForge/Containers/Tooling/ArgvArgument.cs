using Cake.Core.IO;

namespace KmodForge.Containers.Tooling;

/// <summary>
/// One argv entry. It renders escaped for Cake's process runner so that the started process receives exactly
/// <see cref="Value"/> as one argument (no shell is involved and no word splitting can happen). Secret values render
/// as <c>[REDACTED]</c> in logs.
/// </summary>
public sealed class ArgvArgument(string value, bool secret = false) : IProcessArgument
{
    public string Value { get; } = value.Contains('\0', StringComparison.Ordinal)
        ? throw new ArgumentException("A process argument cannot contain a NUL character.", nameof(value))
        : value;

    public bool Secret { get; } = secret;

    public string Render() => ProcessArgumentEscaper.Escape(Value, false);

    public string RenderSafe() => Secret ? "[REDACTED]" : Render();

    public override string ToString() => RenderSafe();
}
