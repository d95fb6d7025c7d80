namespace KmodForge.Containers.Tooling;

/// <summary>
/// One argv entry. The started process receives exactly <see cref="Value"/> as one argument (no shell is involved and
/// no word splitting can happen). Secret values render as <c>[REDACTED]</c> in logs and error messages.
/// </summary>
public sealed class ArgvArgument(string value, bool secret = false)
{
    public string Value { get; } = value.Contains('\0', StringComparison.Ordinal)
        ? throw new ArgumentException("A process argument cannot contain a NUL character.", nameof(value))
        : value;

    public bool Secret { get; } = secret;

    /// <summary>The value as a log shows it: quoted when it has whitespace or quotes, redacted when secret.</summary>
    public string RenderSafe() => Secret ? "[REDACTED]" : Quote(Value);

    public override string ToString() => RenderSafe();

    private static string Quote(string value) =>
        value.Length > 0 && !value.Any(c => char.IsWhiteSpace(c) || c is '"' or '\'' or '\\')
            ? value
            : "\"" + value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal) + "\"";
}
