using System.Text.RegularExpressions;

namespace KmodForge.Targets;

/// <summary>
/// A distribution's <see cref="Distribution.KernelReleasePattern"/> applied to a release, remembering the last release
/// each thread found to match (by reference: strings are immutable, and the patterns too). A matrix asks three times
/// per RPM kernel (the version twice, then validation) and the patterns were most of that time.
/// </summary>
internal static class KernelReleaseShape
{
    [ThreadStatic]
    private static Regex? lastPattern;

    [ThreadStatic]
    private static string? lastRelease;

    public static bool Matches(Regex pattern, string release)
    {
        if (ReferenceEquals(release, lastRelease) && ReferenceEquals(pattern, lastPattern))
        {
            return true;
        }

        if (!pattern.IsMatch(release))
        {
            return false;
        }

        (lastPattern, lastRelease) = (pattern, release);
        return true;
    }
}
