using System.Text.RegularExpressions;
using KmodForge.Targets;

namespace KmodForge.Headers.Rpm;

/// <summary>
/// The kernel-devel package of an RPM kernel release, named the way each distribution names it
/// (<see cref="Distribution.RpmKernelSourceOf"/>):
/// <c>kernel-devel</c> (Fedora, CentOS Stream, Amazon Linux 2023's 6.1 line), <c>kernel-rt-devel</c> for CentOS
/// real-time kernels, <c>kernel-64k-devel</c> for an aarch64 <c>+64k</c> release, <c>kernel6.12-devel</c> / <c>kernel6.18-devel</c> for Amazon Linux 2023's newer lines (whose
/// packages carry epoch 1).
/// </summary>
/// <param name="Name">The package name, e.g. <c>kernel6.12-devel</c>.</param>
/// <param name="Epoch">The RPM epoch when the distribution sets one (Amazon Linux 2023: 1).</param>
/// <param name="Version">The upstream version, e.g. <c>6.12.58</c>.</param>
/// <param name="Release">The package release, e.g. <c>82.121.amzn2023</c>.</param>
/// <param name="Arch">The RPM arch, e.g. <c>x86_64</c>.</param>
/// <param name="SourceName">The Koji build (source package) name, e.g. <c>kernel</c> or <c>kernel-rt</c>.</param>
public sealed partial record KernelDevelPackage(string Name, int? Epoch, string Version, string Release, string Arch, string SourceName)
{
    /// <summary>N-V-R.A without epoch, as Koji's getRPM and file names take it: <c>kernel-devel-6.14.0-63.fc42.x86_64</c>.</summary>
    public string Nvra => $"{Name}-{Version}-{Release}.{Arch}";

    /// <summary>The dnf package spec: N-E:V-R.A when there is an epoch, else N-V-R.A.</summary>
    public string DnfSpec => Epoch is { } e ? $"{Name}-{e}:{Version}-{Release}.{Arch}" : Nvra;

    public string FileName => Nvra + ".rpm";

    /// <summary>The kernel-devel package of a validated RPM-distribution target.</summary>
    public static KernelDevelPackage For(BuildTarget target)
    {
        if (target.Format != PackageFormat.Rpm)
        {
            throw new ArgumentException($"{target.Distribution.Id} does not use RPM packages", nameof(target));
        }

        var m = Vra().Match(target.KernelRelease);
        if (!m.Success)
        {
            throw new ArgumentException($"kernel release '{target.KernelRelease}' is not <version>-<release>.<arch>", nameof(target));
        }

        var (version, release, arch) = (m.Groups["v"].Value, m.Groups["r"].Value, m.Groups["a"].Value);
        var source = target.Distribution.RpmKernelSourceOf(version, release);
        // A page-size variant is a subpackage of the same build: 5.14.0-570.el9.aarch64+64k is kernel-64k-devel-5.14.0-570.el9.aarch64.
        var variant = m.Groups["variant"].Success ? "-" + m.Groups["variant"].Value : string.Empty;
        return new KernelDevelPackage($"{source.Name}{variant}-devel", source.Epoch, version, release, arch, source.Name);
    }

    [GeneratedRegex(@"^(?<v>\d+\.\d+\.\d+)-(?<r>.+)\.(?<a>x86_64|aarch64)(?:\+(?<variant>64k))?\z", RegexOptions.CultureInvariant)]
    private static partial Regex Vra();
}
