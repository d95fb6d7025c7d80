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
        var any = false;
        for (var i = 0; i < releases.Length; i++)
        {
            var url = entry.HeaderUrls[i];
            var file = url.AsSpan(url.LastIndexOf('/') + 1);
            if (!file.StartsWith("linux-headers-", StringComparison.Ordinal))
            {
                continue;
            }

            var m = DebHeadersFile().Match(file.Contains('%') ? Uri.UnescapeDataString(file.ToString()) : file.ToString());
            if (m.Success)
            {
                var ours = m.Groups["arch"].Value == architecture.DebianName();
                releases[i] = ours ? m.Groups["rel"].Value : string.Empty;
                any |= ours;
            }
        }

        if (!any)
        {
            return isUname(entry.KernelRelease) ? [entry] : [];
        }

        var kernels = new List<KernelListEntry>();
        foreach (var release in releases.Where(r => !string.IsNullOrEmpty(r)).Distinct(StringComparer.Ordinal))
        {
            var headers = entry.HeaderUrls.Where((_, i) => releases[i] is null || releases[i] == release).ToList();
            kernels.Add(entry with { KernelRelease = release!, HeaderUrls = headers });
        }

        return kernels;
    };

    /// <summary>A Debian backport's suite marker: <c>~bpo12+1</c> in the header package versions means Debian 12.</summary>
    private static string? DebianBackportMarker(KernelListEntry entry)
    {
        foreach (var url in entry.HeaderUrls)
        {
            if (DebianBackport().Match(Uri.UnescapeDataString(url)) is { Success: true } m)
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
        var marker = UbuntuSeries().Match(entry.KernelVersion);
        for (var i = 0; !marker.Success && i < entry.HeaderUrls.Count; i++)
        {
            marker = UbuntuSeries().Match(entry.HeaderUrls[i]);
        }

        return marker.Success ? marker.Groups["v"].Value : null;
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

    [GeneratedRegex(@"~(?<v>\d{2}\.\d{2})(?:\.\d+)?", RegexOptions.CultureInvariant)]
    private static partial Regex UbuntuSeries();

    [GeneratedRegex(@"\.(?:el|fc|amzn)(?<v>\d+)(?:_\d+)?\.", RegexOptions.CultureInvariant)]
    private static partial Regex RpmDist();

    [GeneratedRegex(@"^linux-headers-(?<rel>[0-9][^_]*)_(?<pkgver>[^_]+)_(?<arch>amd64|arm64)\.deb$", RegexOptions.CultureInvariant)]
    private static partial Regex DebHeadersFile();

    [GeneratedRegex(@"~bpo(?<v>\d+)\+", RegexOptions.CultureInvariant)]
    private static partial Regex DebianBackport();

    [GeneratedRegex(@"-\d+\.\d+\z", RegexOptions.CultureInvariant)]
    private static partial Regex UbuntuLineSuffix();
}
