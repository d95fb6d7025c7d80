using System.Globalization;
using System.Text;
using KmodForge.Targets;

namespace KmodForge.Packaging;

/// <summary>
/// The two files Debian policy requires in every binary package (§12.5, §12.7), which lintian reports as errors when
/// missing: <c>/usr/share/doc/&lt;package&gt;/copyright</c> (machine-readable, DEP-5) and
/// <c>changelog.Debian.gz</c> (one entry for this build, dated SOURCE_DATE_EPOCH, gzip without name or time), so the
/// package stays reproducible. The doc directory carries the per-kernel package name: side-by-side packages never clash.
/// </summary>
public static class DebDocumentation
{
    public static string Directory(PackageSpec spec) => $"/usr/share/doc/{spec.Name}";

    public static IReadOnlyList<LoadedFile> Files(PackageSpec spec) =>
    [
        new($"{Directory(spec)}/copyright", 0b110_100_100, Encoding.UTF8.GetBytes(Copyright(spec))),
        new($"{Directory(spec)}/changelog.Debian.gz", 0b110_100_100, ReproducibleTarGz.Gzip(Encoding.UTF8.GetBytes(Changelog(spec)))),
    ];

    /// <summary>DEP-5 copyright: the module's license (an SPDX expression, the package-license setting) and holder (the vendor).</summary>
    public static string Copyright(PackageSpec spec)
    {
        var sb = new StringBuilder();
        sb.Append("Format: https://www.debian.org/doc/packaging-manuals/copyright-format/1.0/\n");
        sb.Append("Upstream-Name: ").Append(spec.Name).Append('\n');
        if (!string.IsNullOrWhiteSpace(spec.Homepage))
        {
            sb.Append("Source: ").Append(spec.Homepage).Append('\n');
        }

        sb.Append('\n');
        sb.Append("Files: *\n");
        sb.Append("Copyright: ").Append(DateTimeOffset.FromUnixTimeSeconds(spec.SourceDateEpoch).Year.ToString(CultureInfo.InvariantCulture)).Append(' ').Append(spec.Vendor).Append('\n');
        sb.Append("License: ").Append(spec.License).Append('\n');
        sb.Append(" The kernel module in this package is distributed under ").Append(spec.License).Append(".\n");
        if (spec.License.StartsWith("GPL-2", StringComparison.Ordinal))
        {
            sb.Append(" .\n On Debian systems, the full text of the GNU General Public License version 2 can be\n found in '/usr/share/common-licenses/GPL-2'.\n");
        }

        return sb.ToString();
    }

    /// <summary>One changelog entry for this build (debian/changelog format), dated SOURCE_DATE_EPOCH.</summary>
    public static string Changelog(PackageSpec spec)
    {
        var date = DateTimeOffset.FromUnixTimeSeconds(spec.SourceDateEpoch).ToString("ddd, dd MMM yyyy HH:mm:ss '+0000'", CultureInfo.InvariantCulture);
        return $"{spec.Name} ({DebControlFile.FullVersion(spec)}) unstable; urgency=medium\n\n"
            + $"  * Built by KmodForge for Linux {spec.KernelRelease} ({spec.Architecture.DebianName()}).\n\n"
            + $" -- {spec.Maintainer}  {date}\n";
    }
}
