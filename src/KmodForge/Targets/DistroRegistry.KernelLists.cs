using System.Text.RegularExpressions;

namespace KmodForge.Targets;

/// <summary>
/// The registry's per-distribution rules for kernel lists (kernel-crawler) and RPM package names, kept beside the table
/// so a distribution's entry says everything about it.
/// </summary>
public static partial class DistroRegistry
{
    /// <summary>
    /// Debian's uname release for a kernel-crawler entry, whose kernelrelease is <c>&lt;package version&gt;-&lt;flavour&gt;</c>
    /// (<c>6.1.119-1-amd64</c>): the <c>linux-headers-&lt;release&gt;_&lt;pkgver&gt;_&lt;arch&gt;.deb</c> whose package version and
    /// flavour give it. A release already in uname form (<c>6.1.0-28-amd64</c>, <c>6.12.38+deb13-amd64</c>) is kept.
    /// </summary>
    private static string? DebianUnameRelease(KernelListEntry entry)
    {
        foreach (var url in entry.HeaderUrls)
        {
            var file = url[(url.LastIndexOf('/') + 1)..];
            var m = DebianHeadersFile().Match(file);
            if (!m.Success)
            {
                continue;
            }

            var packageVersion = Uri.UnescapeDataString(m.Groups["pkgver"].Value);
            var uname = m.Groups["rel"].Value;
            if (!entry.KernelRelease.StartsWith(packageVersion + "-", StringComparison.Ordinal))
            {
                continue;
            }

            var flavour = entry.KernelRelease[(packageVersion.Length + 1)..];
            if (uname.EndsWith("-" + flavour, StringComparison.Ordinal) && DebianAbi().IsMatch(uname[..^(flavour.Length + 1)]))
            {
                return uname;
            }
        }

        return DebianUnameShape().IsMatch(entry.KernelRelease) ? entry.KernelRelease : null;
    }

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

    [GeneratedRegex(@"^linux-headers-(?<rel>[0-9][^_]*-(?:amd64|arm64)(?:-16k)?)_(?<pkgver>[^_]+)_(?:amd64|arm64)\.deb$", RegexOptions.CultureInvariant)]
    private static partial Regex DebianHeadersFile();

    [GeneratedRegex(@"^\d+\.\d+(?:\.\d+)?(?:-\d+(?:\.deb\d+\.\d+)?|\+[0-9a-z.+]+)$", RegexOptions.CultureInvariant)]
    private static partial Regex DebianAbi();

    [GeneratedRegex(@"^\d+\.\d+\.0-\d+(?:\.deb\d+\.\d+)?-|^\d+\.\d+\.\d+\+(?:deb|bpo)", RegexOptions.CultureInvariant)]
    private static partial Regex DebianUnameShape();
}
