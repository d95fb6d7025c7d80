using System.Text.RegularExpressions;
using KmodForge.Configuration;

namespace KmodForge.Headers;

/// <summary>Settings of the apt header source.</summary>
public sealed partial class AptSettings
{
    [Setting("debian-mirror", "Debian archive base URL used for extra suites (backports) inside build containers.")]
    public string DebianMirror { get; init; } = "http://deb.debian.org/debian";

    [Setting("apt-query-timeout", "Seconds an apt query in the base image may take.")]
    public TimeSpan QueryTimeout { get; init; } = TimeSpan.FromMinutes(3);

    /// <summary>The mirror, refused unless it is a plain http(s) URL (it is written into a shell command).</summary>
    public string ValidatedDebianMirror() =>
        SafeUrl().IsMatch(DebianMirror)
            ? DebianMirror.TrimEnd('/')
            : throw new Configuration.SettingsException([$"--debian-mirror / KMODFORGE_DEBIAN_MIRROR: '{DebianMirror}' is not accepted; expected an http(s) URL of letters, digits and . - _ / : ~"]);

    [GeneratedRegex(@"^https?://[A-Za-z0-9.-]+(?::\d+)?(?:/[A-Za-z0-9._~-]*)*$", RegexOptions.CultureInvariant)]
    private static partial Regex SafeUrl();
}
