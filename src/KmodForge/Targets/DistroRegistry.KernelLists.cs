using System.Text.RegularExpressions;

namespace KmodForge.Targets;

/// <summary>
/// The registry's per-distribution rules for kernel lists (kernel-crawler) and RPM package names, kept beside the table
/// so a distribution's entry says everything about it.
/// </summary>
public static partial class DistroRegistry
{
    /// <summary>
    /// The kernels of a Debian or Ubuntu kernel list entry: one per arch-specific
    /// <c>linux-headers-&lt;release&gt;_&lt;pkgver&gt;_&lt;arch&gt;.deb</c> of <paramref name="architecture"/> it lists (the flavours:
    /// <c>6.1.0-28-amd64</c>, <c>6.1.0-28-rt-amd64</c>, <c>6.8.0-48-generic-64k</c>), each keeping the entry's other header
    /// URLs (common, kbuild) but not the other flavours' or another architecture's packages. Debian's crawler kernelrelease is
    /// <c>&lt;package version&gt;-&lt;flavour&gt;</c> and Ubuntu's can be <c>5.17.0-1003-oem-5.17</c>, neither <c>uname -r</c>:
    /// the header package names are. Without such a URL the entry's own release is kept when <paramref name="isUname"/>
    /// says it is a real <c>uname -r</c>, and nothing is derived otherwise.
    /// </summary>
    private static Func<KernelListEntry, Architecture, IReadOnlyList<KernelListEntry>> DebHeaderFlavours(Func<string, bool> isUname) => (entry, architecture) =>
    {
        // Per URL: the flavour release it is the arch-specific headers of, "" for another architecture's, null for the rest.
        var releases = new string?[entry.HeaderUrls.Count];
        string? first = null;
        bool several = false, otherArchitecture = false;
        for (var i = 0; i < releases.Length; i++)
        {
            var url = entry.HeaderUrls[i];
            var file = url.AsSpan(url.LastIndexOf('/') + 1);
            if (!file.StartsWith("linux-headers-", StringComparison.Ordinal))
            {
                continue;
            }

            var name = file.Contains('%') ? Uri.UnescapeDataString(file.ToString()).AsSpan() : file;
            if (!DebHeadersFileParts(name, out var rel, out var arch))
            {
                continue;
            }

            if (arch.SequenceEqual(architecture.DebianName()))
            {
                // Most entries name one flavour, the entry's own release: its string is reused.
                var release = first is not null && rel.SequenceEqual(first) ? first
                    : rel.SequenceEqual(entry.KernelRelease) ? entry.KernelRelease
                    : rel.ToString();
                releases[i] = release;
                several |= first is not null && first != release;
                first ??= release;
            }
            else
            {
                releases[i] = string.Empty;
                otherArchitecture = true;
            }
        }

        if (first is null)
        {
            return isUname(entry.KernelRelease) ? [entry] : [];
        }

        if (!several && !otherArchitecture)
        {
            // One flavour and nothing to drop (the common case): every URL is its.
            return [ReferenceEquals(first, entry.KernelRelease) ? entry : entry with { KernelRelease = first }];
        }

        var kernels = new List<KernelListEntry>();
        var done = new HashSet<string>(StringComparer.Ordinal);
        foreach (var release in releases)
        {
            if (string.IsNullOrEmpty(release) || !done.Add(release))
            {
                continue;
            }

            var headers = new List<string>(releases.Length);
            for (var i = 0; i < releases.Length; i++)
            {
                if (releases[i] is null || releases[i] == release)
                {
                    headers.Add(entry.HeaderUrls[i]);
                }
            }

            kernels.Add(entry with { KernelRelease = release, HeaderUrls = headers });
        }

        return kernels;
    };

    /// <summary>
    /// The release and architecture of a <c>linux-headers-&lt;release&gt;_&lt;pkgver&gt;_&lt;arch&gt;.deb</c> file name
    /// (the pattern <c>^linux-headers-(?&lt;rel&gt;[0-9][^_]*)_(?&lt;pkgver&gt;[^_]+)_(?&lt;arch&gt;amd64|arm64)\.deb$</c>), read by
    /// hand: the matrix reads one per crawler entry. As neither part nor the architecture holds a '_', the name after
    /// the prefix is exactly three parts; '$' allows one final '\n'.
    /// </summary>
    internal static bool DebHeadersFileParts(ReadOnlySpan<char> name, out ReadOnlySpan<char> release, out ReadOnlySpan<char> architecture)
    {
        release = architecture = default;
        if (!name.StartsWith("linux-headers-", StringComparison.Ordinal))
        {
            return false;
        }

        var rest = name["linux-headers-".Length..];
        rest = rest.Length > 0 && rest[^1] == '\n' ? rest[..^1] : rest;
        var first = rest.IndexOf('_');
        var last = rest.LastIndexOf('_');
        if (first <= 0 || last <= first + 1 || rest[(first + 1)..last].Contains('_') || !char.IsAsciiDigit(rest[0]))
        {
            return false;
        }

        var tail = rest[(last + 1)..];
        if (!tail.SequenceEqual("amd64.deb") && !tail.SequenceEqual("arm64.deb"))
        {
            return false;
        }

        release = rest[..first];
        architecture = tail[..^".deb".Length];
        return true;
    }

    /// <summary>
    /// The version an RPM release names (<paramref name="prefix"/> and the <c>v</c> group of <paramref name="pattern"/>:
    /// the digits after the last <paramref name="marker"/> before the architecture, up to an <c>_N</c> minor), or null
    /// when the pattern does not match. Read without building a <see cref="Match"/>, and a supported version's own id is
    /// returned (the matrix asks twice per kernel).
    /// </summary>
    private static string? RpmReleaseVersion(Regex pattern, string release, string marker, string prefix, Distribution distribution)
    {
        if (!KernelReleaseShape.Matches(pattern, release))
        {
            return null;
        }

        // The patterns end in <marker><digits>[_<digits>].<arch>, and the architecture has no '.'.
        var beforeArch = release.AsSpan(0, release.LastIndexOf('.'));
        var digits = beforeArch[(beforeArch.LastIndexOf(marker) + marker.Length)..];
        var minor = digits.IndexOf('_');
        digits = minor >= 0 ? digits[..minor] : digits;
        foreach (var version in distribution.Versions)
        {
            if (version.Id.Length == prefix.Length + digits.Length && version.Id.StartsWith(prefix, StringComparison.Ordinal) && version.Id.AsSpan(prefix.Length).SequenceEqual(digits))
            {
                return version.Id;
            }
        }

        return prefix + digits.ToString();
    }

    /// <summary>A Debian backport's suite marker: <c>~bpo12+1</c> in the header package versions means Debian 12.</summary>
    private static string? DebianBackportMarker(KernelListEntry entry)
    {
        foreach (var url in entry.HeaderUrls)
        {
            // The marker needs "~bpo", literal or escaped: most URLs are ruled out without unescaping them.
            if ((url.Contains("~bpo", StringComparison.Ordinal) || url.Contains('%', StringComparison.Ordinal))
                && DebianBackport().Match(Uri.UnescapeDataString(url)) is { Success: true } m)
            {
                return m.Groups["v"].Value;
            }
        }

        return null;
    }

    /// <summary>Whether an Ubuntu release is a real <c>uname -r</c>: no crawler-made <c>-5.17</c> kernel-line suffix on the flavour.</summary>
    private static bool IsUbuntuUname(string release) => UbuntuRelease().IsMatch(release) && !UbuntuLineSuffix().IsMatch(release);

    /// <summary>An Ubuntu backport's series marker (<c>~22.04</c>) in kernelversion or the header URLs.</summary>
    private static string? UbuntuSeriesMarker(KernelListEntry entry)
    {
        // The marker starts with '~': text without one is not searched.
        for (var i = -1; i < entry.HeaderUrls.Count; i++)
        {
            var text = i < 0 ? entry.KernelVersion : entry.HeaderUrls[i];
            if (text.Contains('~', StringComparison.Ordinal) && UbuntuSeriesIn(text) is { } series)
            {
                return series;
            }
        }

        return null;
    }

    /// <summary>
    /// The first <c>~NN.NN</c> in <paramref name="text"/> (the group of <c>~(?&lt;v&gt;\d{2}\.\d{2})(?:\.\d+)?</c>), read by
    /// hand (every Ubuntu crawler entry is searched): a '~', then two digits ('\d': any Unicode decimal digit, as
    /// <see cref="char.IsDigit(char)"/>), '.', two digits. A supported version's own id is returned, not a new string.
    /// </summary>
    internal static string? UbuntuSeriesIn(string text)
    {
        var at = text.IndexOf('~', StringComparison.Ordinal);
        while (at >= 0)
        {
            var series = text.AsSpan(at + 1);
            if (series.Length >= 5 && char.IsDigit(series[0]) && char.IsDigit(series[1]) && series[2] == '.' && char.IsDigit(series[3]) && char.IsDigit(series[4]))
            {
                series = series[..5];
                foreach (var version in Ubuntu.Versions)
                {
                    if (series.SequenceEqual(version.Id))
                    {
                        return version.Id;
                    }
                }

                return series.ToString();
            }

            at = text.IndexOf('~', at + 1);
        }

        return null;
    }

    /// <summary>
    /// The dist marker of an RPM release the distribution's pattern does not cover (amzn1, amzn2, el7 on centos), as a
    /// version id with <paramref name="prefix"/>, for the report.
    /// </summary>
    private static Func<KernelListEntry, string?> RpmDistMarker(string prefix) =>
        entry => RpmDist().Match(entry.KernelRelease) is { Success: true } m ? prefix + m.Groups["v"].Value : null;

    /// <summary>Amazon Linux 2023 names the kernel line in the package for every line after 6.1 (kernel6.12, kernel6.18...), with epoch 1.</summary>
    private static RpmKernelSource AmazonLinuxKernelSource(string version, string release)
    {
        var parts = version.Split('.');
        var line = $"{parts[0]}.{parts[1]}";
        return new(line == "6.1" ? "kernel" : "kernel" + line, 1);
    }

    [GeneratedRegex(@"\.(?:el|fc|amzn)(?<v>\d+)(?:_\d+)?\.", RegexOptions.CultureInvariant)]
    private static partial Regex RpmDist();

    [GeneratedRegex(@"~bpo(?<v>\d+)\+", RegexOptions.CultureInvariant)]
    private static partial Regex DebianBackport();

    [GeneratedRegex(@"-\d+\.\d+\z", RegexOptions.CultureInvariant)]
    private static partial Regex UbuntuLineSuffix();
}
