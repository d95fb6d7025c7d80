using System.Text.RegularExpressions;
using KmodForge.Configuration;
using KmodForge.Errors;

namespace KmodForge.Headers;

/// <summary>Settings of the apt header source.</summary>
public sealed partial record AptSettings
{
    /// <summary>The Debian archive the backports suite is enabled from in build containers: the base images'
    /// <c>--debian-mirror</c> setting (<see cref="Images.BaseImageSettings.DebianMirror"/>), passed in by the factory.</summary>
    public string DebianMirror { get; init; } = "http://deb.debian.org/debian";

    [Setting("apt-extra-sources", "Extra apt source lines enabled for the header query and install, separated by ';' (e.g. 'deb http://mirror.example/ubuntu noble-updates main').")]
    public string? ExtraSources { get; init; }

    [Setting("apt-query-timeout", "Seconds an apt query in the base image may take.")]
    public TimeSpan QueryTimeout { get; init; } = TimeSpan.FromMinutes(3);

    /// <summary>The mirror, refused unless it is a plain http(s) URL (it is written into a shell command).</summary>
    public string ValidatedDebianMirror() =>
        SafeUrl().IsMatch(DebianMirror)
            ? DebianMirror.TrimEnd('/')
            : throw new Configuration.SettingsException([$"--debian-mirror / KMODFORGE_DEBIAN_MIRROR: '{DebianMirror}' is not accepted; expected an http(s) URL of letters, digits and . - _ / : ~"]);

    /// <summary>The extra source lines, each refused unless it is a plain deb line (they are written into a sources file by a shell).</summary>
    public IReadOnlyList<string> ValidatedExtraSources()
    {
        var lines = (ExtraSources ?? string.Empty).Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var bad = lines.Where(l => !SourceLine().IsMatch(l)).ToList();
        return bad.Count == 0
            ? lines
            : throw new Configuration.SettingsException([.. bad.Select(l => $"--apt-extra-sources / KMODFORGE_APT_EXTRA_SOURCES: {Printable.Quote(l)} is not accepted; expected 'deb [trusted=yes] http(s)://host/path suite [component...]' of letters, digits and . - _ / : ~")]);
    }

    [GeneratedRegex(@"^deb (?:\[trusted=yes\] )?https?://[A-Za-z0-9.-]+(?::\d+)?(?:/[A-Za-z0-9._~-]*)* [A-Za-z0-9._/-]+(?: [A-Za-z0-9._-]+)*$", RegexOptions.CultureInvariant)]
    private static partial Regex SourceLine();

    [GeneratedRegex(@"^https?://[A-Za-z0-9.-]+(?::\d+)?(?:/[A-Za-z0-9._~-]*)*$", RegexOptions.CultureInvariant)]
    private static partial Regex SafeUrl();
}
