using System.Text.RegularExpressions;

namespace KmodForge.Targets;

/// <summary>
/// The character rules for values that end up in shells, paths and URLs. Each returns null when the value is fine, or
/// the problem in words (what is accepted) when it is not.
/// </summary>
public static partial class InputRules
{
    public const int MaxKernelReleaseLength = 128;

    /// <summary>
    /// Kernel releases: only the characters real releases use (letters, digits, <c>. _ + ~ -</c>), starting with a digit,
    /// no <c>..</c>, at most 128 characters. Everything else (shell metacharacters, <c>/</c>, whitespace, control and
    /// non-ASCII characters) is refused before it can reach a shell, a path or a URL.
    /// </summary>
    public static string? KernelRelease(string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            return "is required; give the kernel release as `uname -r` prints it";
        }

        if (value.Length > MaxKernelReleaseLength)
        {
            return $"is too long ({value.Length} characters; at most {MaxKernelReleaseLength})";
        }

        if (!IsKernelReleaseText(value) || value.Contains("..", StringComparison.Ordinal))
        {
            return "is not a kernel release: it must start with a digit and use only letters, digits and . _ + ~ - (no '..', '/', spaces or shell characters)";
        }

        return null;
    }

    /// <summary>
    /// The pattern <c>^[0-9][A-Za-z0-9._+~-]*\z</c> without the regex engine (every crawler entry is checked, twice): an
    /// ASCII digit, then only the allowed characters, searched vectorized. A test holds it to the pattern it replaces.
    /// </summary>
    internal static bool IsKernelReleaseText(string value) =>
        value.Length > 0 && char.IsAsciiDigit(value[0]) && !value.AsSpan(1).ContainsAnyExcept(KernelReleaseCharacters);

    private static readonly System.Buffers.SearchValues<char> KernelReleaseCharacters =
        System.Buffers.SearchValues.Create("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz._+~-");

    /// <summary>Driver versions: <c>v0.5.16</c>, <c>1.2.3</c>, <c>v1.2.3-rc.1</c>, <c>v1.2.3+build.5</c>.</summary>
    public static string? DriverVersion(string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            return "is required; give the driver version as a version tag such as v0.5.16";
        }

        // A matrix validates the same driver version for every kernel: the last one accepted is remembered.
        if (ReferenceEquals(value, lastGoodDriverVersion))
        {
            return null;
        }

        if (value.Length <= 64 && DriverVersionShape().IsMatch(value))
        {
            lastGoodDriverVersion = value;
            return null;
        }

        return "is not a driver version: expected a version like v0.5.16, 1.2.3, v1.2.3-rc.1 or v1.2.3+build.5 (at most 64 characters)";
    }

    /// <summary>The last driver version <see cref="DriverVersion"/> accepted (strings are immutable: the same instance is the same text).</summary>
    private static volatile string? lastGoodDriverVersion;

    /// <summary>Driver (package) names: lowercase letters, digits and '-', 2 to 64 characters, starting with a letter.</summary>
    public static string? DriverName(string? value) =>
        !string.IsNullOrEmpty(value) && DriverNameShape().IsMatch(value)
            ? null
            : "is not a driver name: use 2 to 64 lowercase letters, digits and '-', starting with a letter and not ending with '-'";

    [GeneratedRegex(@"^v?\d+\.\d+\.\d+(?:-[0-9A-Za-z]+(?:\.[0-9A-Za-z]+)*)?(?:\+[0-9A-Za-z]+(?:\.[0-9A-Za-z]+)*)?\z", RegexOptions.CultureInvariant)]
    private static partial Regex DriverVersionShape();

    [GeneratedRegex(@"^[a-z][a-z0-9-]{0,62}[a-z0-9]\z", RegexOptions.CultureInvariant)]
    private static partial Regex DriverNameShape();
}
